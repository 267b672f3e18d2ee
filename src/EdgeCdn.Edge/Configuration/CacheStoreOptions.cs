namespace EdgeCdn.Edge.Configuration;

/// <summary>The cache store (section Edge:Cache).</summary>
public sealed class CacheStoreOptions
{
    /// <summary>The memory tier's byte budget (bodies plus an estimate of headers and bookkeeping).</summary>
    public long MemoryBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Objects larger than this stream through uncached (until a disk tier exists).</summary>
    public long MaxObjectBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Eviction policy of the memory tier: "Clock" (FIFO with second chance, the default now).</summary>
    public string Policy { get; set; } = "Clock";

    /// <summary>How long an uncacheable key bypasses coalescing (Varnish's hit-for-pass) before it is tried again.</summary>
    public TimeSpan PassMarkerTtl { get; set; } = TimeSpan.FromSeconds(60);
}
