namespace EdgeCdn.Edge.Caching;

/// <summary>
/// What the cache tiers count: lookups by tier and outcome (striped, bumped on the hit path), admissions by tier,
/// rejections by reason, evictions by queue, and S3-FIFO's queue moves. Exported by Observability/EdgeMetrics and
/// read by the trace replay.
/// </summary>
internal sealed class CacheStatistics
{
    public static readonly string[] RejectionNames = ["too_large", "larger_than_small_queue", "over_capacity", "queue_full", "write_failed"];

    public static readonly string[] QueueNames = ["small", "main", "lru", "memorycache", "disk"];

    public static readonly string[] TierNames = ["memory", "disk"];

    private readonly long[] _admissions = new long[TierNames.Length];
    private readonly long[,] _rejections = new long[TierNames.Length, RejectionNames.Length];
    private readonly long[] _evictions = new long[QueueNames.Length];
    private long _promotions;
    private long _ghostHits;
    private long _reinsertions;

    public StripedCounter MemoryHits { get; } = new();

    public StripedCounter MemoryMisses { get; } = new();

    public StripedCounter DiskHits { get; } = new();

    public StripedCounter DiskMisses { get; } = new();

    /// <summary>S3-FIFO: objects moved from the small queue to the main queue (hit while in small).</summary>
    public long Promotions => Interlocked.Read(ref _promotions);

    /// <summary>S3-FIFO: inserts whose key was in the ghost queue, admitted straight into main.</summary>
    public long GhostHits => Interlocked.Read(ref _ghostHits);

    /// <summary>S3-FIFO: main-queue objects given another round for their hits (frequency decremented).</summary>
    public long Reinsertions => Interlocked.Read(ref _reinsertions);

    public long Admissions(CacheTier tier) => Interlocked.Read(ref _admissions[(int)tier]);

    public long Rejections(CacheTier tier, RejectionReason reason) => Interlocked.Read(ref _rejections[(int)tier, (int)reason]);

    public long Evictions(EvictionQueue queue) => Interlocked.Read(ref _evictions[(int)queue]);

    public long TotalEvictions(CacheTier tier)
    {
        long total = 0;
        for (var q = 0; q < QueueNames.Length; q++)
        {
            if ((q == (int)EvictionQueue.Disk) == (tier == CacheTier.Disk))
            {
                total += Interlocked.Read(ref _evictions[q]);
            }
        }

        return total;
    }

    public void Admitted(CacheTier tier) => Interlocked.Increment(ref _admissions[(int)tier]);

    public void Rejected(CacheTier tier, RejectionReason reason) => Interlocked.Increment(ref _rejections[(int)tier, (int)reason]);

    public void Evicted(EvictionQueue queue, long count = 1) => Interlocked.Add(ref _evictions[(int)queue], count);

    public void Promoted() => Interlocked.Increment(ref _promotions);

    public void GhostHit() => Interlocked.Increment(ref _ghostHits);

    public void Reinserted() => Interlocked.Increment(ref _reinsertions);
}
