namespace EdgeCdn.Cli.Bench;

/// <summary>What one `edgecdn bench` run does.</summary>
internal sealed record BenchOptions
{
    /// <summary>The primary target: scheme and authority requests go to.</summary>
    public required Uri Target { get; init; }

    /// <summary>A second target measured in the same run, requests interleaved with the first.</summary>
    public Uri? Compare { get; init; }

    /// <summary>Paths (with query) requested; with <see cref="ZipfAlpha"/> they are ranked by popularity.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>When set, paths are drawn from a Zipf distribution with this exponent; otherwise round-robin.</summary>
    public double? ZipfAlpha { get; init; }

    public int Seed { get; init; } = 1;

    public int Concurrency { get; init; } = 16;

    public TimeSpan? Duration { get; init; } = TimeSpan.FromSeconds(10);

    public long? Requests { get; init; }

    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    public bool Http2 { get; init; }

    /// <summary>Every request on a new connection (Connection: close), to measure handshake cost.</summary>
    public bool NewConnections { get; init; }

    /// <summary>Append a unique query parameter so every request misses (cold-miss workload).</summary>
    public bool UniqueQuery { get; init; }

    public bool Insecure { get; init; }

    public string? CaCertificateFile { get; init; }

    /// <summary>Connect to this address whatever the URL's host resolves to (like curl --connect-to).</summary>
    public string? ConnectTo { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
