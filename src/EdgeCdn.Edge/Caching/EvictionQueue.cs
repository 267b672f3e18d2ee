namespace EdgeCdn.Edge.Caching;

/// <summary>The queue an eviction came from (metric label in <see cref="CacheStatistics.QueueNames"/>).</summary>
internal enum EvictionQueue
{
    /// <summary>S3-FIFO's small queue: objects not hit while there (their key goes to the ghost).</summary>
    Small,

    /// <summary>S3-FIFO's main queue.</summary>
    Main,

    Lru,

    MemoryCache,

    Disk,
}
