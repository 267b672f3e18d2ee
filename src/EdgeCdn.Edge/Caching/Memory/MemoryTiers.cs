namespace EdgeCdn.Edge.Caching.Memory;

/// <summary>Builds the memory tier a policy names.</summary>
internal static class MemoryTiers
{
    public static IMemoryTier Create(EvictionPolicy policy, long capacityBytes, long maxObjectBytes, double smallRatio, TimeProvider time,
        CacheStatistics statistics, Action<CacheEntry>? evicted) => policy switch
    {
        EvictionPolicy.Lru => new LruStore(capacityBytes, maxObjectBytes, statistics, evicted),
        EvictionPolicy.MemoryCache => new MemoryCacheStore(capacityBytes, maxObjectBytes, time, statistics, evicted),
        _ => new S3FifoStore(capacityBytes, maxObjectBytes, smallRatio, statistics, evicted),
    };
}
