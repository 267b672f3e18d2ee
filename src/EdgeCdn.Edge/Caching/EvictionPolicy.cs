namespace EdgeCdn.Edge.Caching;

/// <summary>The memory tier's eviction policy (Edge:Cache:Policy).</summary>
public enum EvictionPolicy
{
    /// <summary>S3-FIFO (Yang et al., SOSP 2023): small, main and ghost FIFO queues; the default.</summary>
    S3Fifo,

    /// <summary>Least recently used: a lock-protected list, moved on every hit (the classic baseline).</summary>
    Lru,

    /// <summary>Microsoft.Extensions.Caching.Memory with a byte SizeLimit (the .NET baseline).</summary>
    MemoryCache,
}
