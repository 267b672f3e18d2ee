namespace EdgeCdn.Edge.Configuration;

/// <summary>The cache store (section Edge:Cache): a memory tier and an optional disk tier (Edge:Cache:Disk).</summary>
public sealed class CacheStoreOptions
{
    /// <summary>The memory tier's byte budget (bodies plus an estimate of headers and bookkeeping).</summary>
    public long MemoryBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Largest body kept in memory. Larger objects go to the disk tier (up to Disk:MaxObjectBytes) or,
    /// without one, stream through uncached. With S3Fifo an object must also be smaller than the small queue.</summary>
    public long MaxObjectBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The memory tier's eviction policy: S3Fifo (default), Lru or MemoryCache (the .NET baseline).</summary>
    public string Policy { get; set; } = nameof(Caching.EvictionPolicy.S3Fifo);

    /// <summary>S3Fifo: the small (probationary) queue's share of MemoryBytes, in percent.</summary>
    public int SmallQueuePercent { get; set; } = 10;

    /// <summary>How long an uncacheable key bypasses coalescing (Varnish's hit-for-pass) before it is tried again.</summary>
    public TimeSpan PassMarkerTtl { get; set; } = TimeSpan.FromSeconds(60);

    public DiskCacheOptions Disk { get; set; } = new();

    /// <summary>The parsed <see cref="Policy"/> (validated at start).</summary>
    internal Caching.EvictionPolicy EvictionPolicy =>
        Enum.TryParse<Caching.EvictionPolicy>(Policy, ignoreCase: true, out var policy) ? policy : Caching.EvictionPolicy.S3Fifo;
}
