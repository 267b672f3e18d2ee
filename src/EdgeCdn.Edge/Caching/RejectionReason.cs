namespace EdgeCdn.Edge.Caching;

/// <summary>Why a tier did not take an object (metric label in <see cref="CacheStatistics.RejectionNames"/>).</summary>
internal enum RejectionReason
{
    /// <summary>Body above the tier's per-object cap.</summary>
    TooLarge,

    /// <summary>S3-FIFO: at least as large as the small queue, which it would flush whole.</summary>
    LargerThanSmallQueue,

    /// <summary>MemoryCache: the insert came while the cache was full; it starts a compaction and drops the insert.</summary>
    OverCapacity,

    /// <summary>Disk: the write-behind queue was full.</summary>
    QueueFull,

    /// <summary>Disk: the file could not be written (disk full, permissions, I/O error).</summary>
    WriteFailed,
}
