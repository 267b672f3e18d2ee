using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Caching.Memory;
using EdgeCdn.TestCommon;
using static EdgeCdn.Edge.Tests.Caching.TestEntries;

namespace EdgeCdn.Edge.Tests.Caching.Memory;

public sealed class MemoryCacheStoreTests
{
    [Fact]
    public async Task TrySet_OverLimit_DroppedAndCompactionRemovesLeastRecentlyAccessed()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var statistics = new CacheStatistics();
        var evicted = new List<CacheEntry>();
        using var store = new MemoryCacheStore(1000, 1000, clock, statistics, e => { lock (evicted) { evicted.Add(e); } });
        for (var i = 0; i < 10; i++)
        {
            Assert.True(store.TrySet(Entry("/e" + i, 100)));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        store.TryGet(Key("/e0"), out _);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(store.TrySet(Entry("/late", 100)));
        store.WaitForCompaction(TimeSpan.FromSeconds(10));

        Assert.Equal(1, statistics.Rejections(CacheTier.Memory, RejectionReason.OverCapacity));
        Assert.True(store.TryGet(Key("/e0"), out _));
        Assert.False(store.TryGet(Key("/e1"), out _));
        Assert.False(store.TryGet(Key("/late"), out _));
        Assert.True(store.Bytes <= 950);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        // MemoryCache runs eviction callbacks on the thread pool after its compaction: wait for the callback itself.
        while (EvictedCount() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, statistics.Evictions(EvictionQueue.MemoryCache));
        lock (evicted)
        {
            Assert.Equal(Key("/e1"), Assert.Single(evicted).Key);
        }

        int EvictedCount()
        {
            lock (evicted)
            {
                return evicted.Count;
            }
        }
    }
}
