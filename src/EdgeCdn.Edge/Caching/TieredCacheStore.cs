using System.Diagnostics.CodeAnalysis;
using EdgeCdn.Edge.Caching.Memory;
using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// The store the edge serves from: a memory tier chosen by Edge:Cache:Policy and, when Edge:Cache:Disk:Path is set,
/// a persistent disk tier behind it.
/// </summary>
internal sealed class TieredCacheStore : ICacheStore, IDisposable
{
    public TieredCacheStore(CacheStoreOptions options, TimeProvider time)
    {
        Statistics = new CacheStatistics();
        Memory = MemoryTiers.Create(options.EvictionPolicy, options.MemoryBytes, options.MaxObjectBytes, options.SmallQueuePercent / 100.0, time,
            Statistics, evicted: null);
    }

    public CacheStatistics Statistics { get; }

    public IMemoryTier Memory { get; }

    public long MaxObjectBytes => Memory.MaxObjectBytes;

    public long MemoryMaxObjectBytes => Memory.MaxObjectBytes;

    public long Count => Memory.Count;

    public long Bytes => Memory.Bytes;

    public long CapacityBytes => Memory.CapacityBytes;

    public bool TryGet(ReadOnlySpan<char> key, [NotNullWhen(true)] out CacheEntry? entry)
    {
        if (Memory.TryGet(key, out entry))
        {
            Statistics.MemoryHits.Increment();
            return true;
        }

        return false;
    }

    public ValueTask<CacheEntry?> FindAsync(string key, CancellationToken cancellationToken)
    {
        if (TryGet(key, out var entry))
        {
            return ValueTask.FromResult<CacheEntry?>(entry);
        }

        Statistics.MemoryMisses.Increment();
        return ValueTask.FromResult<CacheEntry?>(null);
    }

    public bool TrySet(CacheEntry entry) => Memory.TrySet(entry);

    public bool Remove(CacheEntry entry) => Memory.Remove(entry);

    public int RemoveByPrefix(string prefix) => Memory.RemoveByPrefix(prefix);

    public void Dispose() => Memory.Dispose();
}
