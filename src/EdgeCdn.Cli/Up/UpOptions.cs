namespace EdgeCdn.Cli.Up;

/// <summary>What `edgecdn up` starts. Defaults, then config/edgecdn.json, then EDGECDN_* variables, then flags.</summary>
internal sealed record UpOptions
{
    public string DataDirectory { get; init; } = ".edgecdn";

    public int Edges { get; init; } = 2;

    /// <summary>The address every server binds to.</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>The origin's S3 port; 0 lets the OS choose.</summary>
    public int OriginPort { get; init; } = 9000;

    /// <summary>The first edge's HTTP port; edge N uses this + N - 1 (0 lets the OS choose for each).</summary>
    public int EdgeHttpPort { get; init; } = 8080;

    /// <summary>The first edge's HTTPS port; edge N uses this + N - 1 (0 lets the OS choose for each).</summary>
    public int EdgeHttpsPort { get; init; } = 8443;

    public string Bucket { get; init; } = "demo";

    public string DistributionId { get; init; } = "demo";

    /// <summary>A custom domain the edges serve (and obtain a certificate for when an ACME directory is given).</summary>
    public string? Domain { get; init; }

    public string? AcmeDirectory { get; init; }

    public string? AcmeEmail { get; init; }

    /// <summary>A PEM CA certificate the ACME client trusts (a private CA or pebble).</summary>
    public string? AcmeCaCertificate { get; init; }

    public string Region { get; init; } = "us-east-1";

    public static int PortFor(int first, int index) => first == 0 ? 0 : first + index;
}
