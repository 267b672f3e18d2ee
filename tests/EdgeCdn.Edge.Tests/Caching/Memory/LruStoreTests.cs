using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Caching.Memory;
using static EdgeCdn.Edge.Tests.Caching.TestEntries;

namespace EdgeCdn.Edge.Tests.Caching.Memory;

public sealed class LruStoreTests
{
    private readonly CacheStatistics _statistics = new();

    [Fact]
    public void TrySet_OverBudget_EvictsLeastRecentlyUsed()
    {
        var evicted = new List<CacheEntry>();
        var store = new LruStore(300, 1000, _statistics, evicted.Add);
        store.TrySet(Entry("/a", 100));
        store.TrySet(Entry("/b", 100));
        store.TrySet(Entry("/c", 100));
        store.TryGet(Key("/a"), out _);

        store.TrySet(Entry("/d", 100));

        Assert.False(store.TryGet(Key("/b"), out _));
        Assert.True(store.TryGet(Key("/a"), out _));
        Assert.Equal(Key("/b"), Assert.Single(evicted).Key);
        Assert.Equal(300, store.Bytes);
        Assert.Equal(1, _statistics.Evictions(EvictionQueue.Lru));
    }

    [Fact]
    public void TrySet_ReplaceAndRemove_AccountExactly()
    {
        var store = new LruStore(1000, 1000, _statistics);
        var first = Entry("/a", 100);
        store.TrySet(first);
        store.TrySet(Entry("/a", 250));

        Assert.True(first.IsDropped);
        Assert.Equal(250, store.Bytes);
        Assert.False(store.Remove(first));
        Assert.Equal(1, store.RemoveByPrefix(Site.KeyPrefix));
        Assert.Equal(0, store.Bytes);
        Assert.False(store.TrySet(Entry("/huge", 1001)));
        Assert.Equal(1, _statistics.Rejections(CacheTier.Memory, RejectionReason.TooLarge));
    }
}
