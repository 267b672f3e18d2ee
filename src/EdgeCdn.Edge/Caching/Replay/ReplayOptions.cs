namespace EdgeCdn.Edge.Caching.Replay;

/// <summary>One cache configuration to replay a trace against.</summary>
public sealed class ReplayOptions
{
    public EvictionPolicy Policy { get; init; } = EvictionPolicy.S3Fifo;

    public required long MemoryBytes { get; init; }

    /// <summary>Largest object the memory tier takes; default: no cap beyond the policy's own (S3-FIFO refuses
    /// objects at least as large as its small queue).</summary>
    public long? MaxObjectBytes { get; init; }

    /// <summary>S3-FIFO's small queue share, in percent.</summary>
    public int SmallQueuePercent { get; init; } = 10;

    /// <summary>Adds the disk tier with this budget, in <see cref="DiskDirectory"/> (a temporary one if null).</summary>
    public long? DiskBytes { get; init; }

    public string? DiskDirectory { get; init; }
}
