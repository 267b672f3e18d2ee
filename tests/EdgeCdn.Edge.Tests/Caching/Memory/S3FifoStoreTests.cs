using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Caching.Memory;
using static EdgeCdn.Edge.Tests.Caching.TestEntries;

namespace EdgeCdn.Edge.Tests.Caching.Memory;

/// <summary>S3-FIFO's mechanics, on a 1000-byte store whose small queue is 100 bytes.</summary>
public sealed class S3FifoStoreTests
{
    private readonly CacheStatistics _statistics = new();
    private readonly List<CacheEntry> _evicted = [];
    private int _workloadKeys;

    private S3FifoStore Store(long capacity = 1000, long maxObject = 10_000) =>
        new(capacity, maxObject, 0.10, _statistics, e => { lock (_evicted) { _evicted.Add(e); } });

    /// <summary>Fills the store with 50-byte objects /f0, /f1... until the next insert evicts.</summary>
    private static void FillTo(S3FifoStore store, long bytes, string prefix = "/f")
    {
        for (var i = 0; store.Bytes + 50 <= bytes; i++)
        {
            Assert.True(store.TrySet(Entry(prefix + i, 50)));
        }
    }

    [Fact]
    public void TrySet_NewObject_EntersSmallQueue()
    {
        var store = Store();
        store.TrySet(Entry("/a", 50));

        Assert.Equal("small", store.QueueOf(Key("/a")));
        Assert.Equal(50, store.SmallBytes);
        Assert.Equal(0, store.MainBytes);
    }

    [Fact]
    public void Evict_HitInSmall_PromotedToMain_UnhitGoesToGhost()
    {
        var store = Store();
        store.TrySet(Entry("/hit", 50));
        store.TrySet(Entry("/cold", 50));
        Assert.True(store.TryGet(Key("/hit"), out _));
        FillTo(store, 1000);

        store.TrySet(Entry("/next", 50));

        Assert.Equal("main", store.QueueOf(Key("/hit")));
        Assert.Null(store.QueueOf(Key("/cold")));
        Assert.True(store.InGhost(Key("/cold")));
        Assert.False(store.InGhost(Key("/hit")));
        Assert.Equal(1, _statistics.Promotions);
        Assert.Equal(1, _statistics.Evictions(EvictionQueue.Small));
        Assert.Equal(Key("/cold"), Assert.Single(_evicted).Key);
        Assert.True(store.Bytes <= 1000);
    }

    [Fact]
    public void TrySet_KeyInGhost_AdmittedStraightIntoMain()
    {
        var store = Store();
        store.TrySet(Entry("/back", 50));
        FillTo(store, 1000);
        store.TrySet(Entry("/push", 50));
        Assert.True(store.InGhost(Key("/back")));

        Assert.True(store.TrySet(Entry("/back", 50)));

        Assert.Equal("main", store.QueueOf(Key("/back")));
        Assert.False(store.InGhost(Key("/back")));
        Assert.Equal(1, _statistics.GhostHits);
    }

    /// <summary>Inserts new keys /y0, /y1... each hit once, so every one is promoted and main fills and evicts; runs
    /// <paramref name="between"/> after each insert, until <paramref name="until"/> or 2000 inserts.</summary>
    private void PromotedWorkload(S3FifoStore store, Func<bool> until, Action? between = null)
    {
        for (var i = 0; i < 2000 && !until(); i++)
        {
            var path = "/y" + _workloadKeys++;
            store.TrySet(Entry(path, 50));
            store.TryGet(Key(path), out _);
            between?.Invoke();
        }
    }

    [Fact]
    public void EvictMain_HitObjectsGoRoundAgain_UnhitOnesLeaveFirst()
    {
        var store = Store();
        store.TrySet(Entry("/m-cold", 50));
        store.TrySet(Entry("/m-hot", 50));
        store.TryGet(Key("/m-cold"), out _);
        store.TryGet(Key("/m-hot"), out _);
        var bumped = false;

        PromotedWorkload(store, () => store.QueueOf(Key("/m-cold")) is null, () =>
        {
            if (!bumped && store.QueueOf(Key("/m-hot")) == "main")
            {
                bumped = store.TryGet(Key("/m-hot"), out _);
            }
        });

        Assert.True(bumped);
        Assert.Null(store.QueueOf(Key("/m-cold")));
        Assert.Equal("main", store.QueueOf(Key("/m-hot")));
        Assert.Equal(0, _statistics.Evictions(EvictionQueue.Small));
        Assert.True(_statistics.Evictions(EvictionQueue.Main) >= 1);

        PromotedWorkload(store, () => _statistics.Reinsertions > 0);
        Assert.Equal(1, _statistics.Reinsertions);
        Assert.Equal("main", store.QueueOf(Key("/m-hot")));
    }

    [Fact]
    public void TryGet_FrequencyCappedAtThree_SoAHotObjectGoesRoundAtMostThreeTimes()
    {
        var store = Store();
        var warm = 0;
        PromotedWorkload(store, () => warm++ == 100);
        store.TrySet(Entry("/hot", 50));
        store.TryGet(Key("/hot"), out _);
        PromotedWorkload(store, () => store.QueueOf(Key("/hot")) == "main");
        Assert.Equal(0, _statistics.Reinsertions);
        for (var i = 0; i < 100; i++)
        {
            store.TryGet(Key("/hot"), out _);
        }

        // Every other object is promoted with its counter reset and never hit again, so only /hot goes round.
        PromotedWorkload(store, () => store.QueueOf(Key("/hot")) is null);

        Assert.Null(store.QueueOf(Key("/hot")));
        Assert.Equal(3, _statistics.Reinsertions);
    }

    [Fact]
    public void TrySet_TooLargeOrAtLeastSmallQueue_RefusedAndCounted()
    {
        var store = Store(maxObject: 80);

        Assert.False(store.TrySet(Entry("/big-body", 60, bodyBytes: 81)));
        Assert.False(store.TrySet(Entry("/small-queue", 100, bodyBytes: 10)));
        Assert.True(store.TrySet(Entry("/fits", 99, bodyBytes: 10)));

        Assert.Equal(99, store.Bytes);
        Assert.Equal(1, _statistics.Rejections(CacheTier.Memory, RejectionReason.TooLarge));
        Assert.Equal(1, _statistics.Rejections(CacheTier.Memory, RejectionReason.LargerThanSmallQueue));
        Assert.Equal(80, store.MaxObjectBytes);
        Assert.Equal(99, Store(maxObject: 5000).MaxObjectBytes);
    }

    [Fact]
    public void TrySet_Replace_KeepsQueueAndAccountsOnce_OldEntryDropped()
    {
        var store = Store();
        store.TrySet(Entry("/r", 50));
        FillTo(store, 1000);
        store.TrySet(Entry("/p", 50));
        var first = Entry("/r", 30);
        store.TrySet(first);
        Assert.Equal("main", store.QueueOf(Key("/r")));

        var second = Entry("/r", 70);
        store.TrySet(second);

        Assert.Equal("main", store.QueueOf(Key("/r")));
        Assert.True(first.IsDropped);
        Assert.False(second.Removed);
        Assert.False(store.Remove(first));
        Assert.Equal(LiveBytes(store, ["/r", "/p", .. Enumerable.Range(0, 40).Select(i => "/f" + i)]), store.Bytes);
        Assert.DoesNotContain(first, _evicted);
    }

    [Fact]
    public void Remove_ExactEntryOnly_AndRemoveByPrefix()
    {
        var store = Store();
        var a = Entry("/a", 10);
        store.TrySet(a);
        store.TrySet(Entry("/b", 20));

        Assert.True(store.Remove(a));
        Assert.False(store.Remove(a));
        Assert.True(a.IsDropped);
        Assert.Equal(20, store.Bytes);
        Assert.Equal(1, store.RemoveByPrefix(Site.KeyPrefix));
        Assert.Equal(0, store.Bytes);
        Assert.Equal(0, store.Count);
        Assert.Empty(_evicted);
    }

    [Fact]
    public void Ghost_BoundedByTheMainQueue()
    {
        var store = Store(capacity: 100_000);
        for (var i = 0; i < 50_000; i++)
        {
            store.TrySet(Entry("/once" + i, 50));
        }

        var mainEntries = store.Queues().Single(q => q.Queue == EvictionQueue.Main).Entries;
        Assert.True(store.GhostCount <= Math.Max(mainEntries, 64), $"{store.GhostCount} ghost entries, {mainEntries} in main");
    }

    [Fact]
    public void RandomOperations_ByteAccountingAlwaysExact()
    {
        var store = Store(capacity: 5000);
        var random = new Random(7);
        var paths = Enumerable.Range(0, 120).Select(i => "/k" + i).ToArray();
        for (var step = 0; step < 5000; step++)
        {
            var path = paths[random.Next(paths.Length)];
            switch (random.Next(10))
            {
                case < 5:
                    store.TrySet(Entry(path, random.Next(1, 499)));
                    break;
                case < 8:
                    store.TryGet(Key(path), out _);
                    break;
                case 8:
                    if (store.TryGet(Key(path), out var e))
                    {
                        store.Remove(e);
                    }

                    break;
                default:
                    if (step % 500 == 0)
                    {
                        store.RemoveByPrefix(Site.KeyPrefix + "/k1");
                    }

                    break;
            }

            Assert.True(store.Bytes <= 5000);
            Assert.Equal(store.SmallBytes + store.MainBytes, store.Bytes);
        }

        Assert.Equal(LiveBytes(store, paths), store.Bytes);
        Assert.Equal(paths.Count(p => store.TryGet(Key(p), out _)), store.Count);
    }

    [Fact]
    public async Task ConcurrentSetsGetsRemoves_ByteAccountingExact()
    {
        var store = Store(capacity: 200_000);
        var paths = Enumerable.Range(0, 400).Select(i => "/c" + i).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            var random = new Random(t);
            for (var i = 0; i < 20_000; i++)
            {
                var path = paths[random.Next(paths.Length)];
                if (random.Next(4) == 0)
                {
                    store.TrySet(Entry(path, 100 + random.Next(2000)));
                }
                else if (store.TryGet(Key(path), out var e) && random.Next(50) == 0)
                {
                    store.Remove(e);
                }
            }
        })));

        Assert.Equal(LiveBytes(store, paths), store.Bytes);
        Assert.Equal(store.SmallBytes + store.MainBytes, store.Bytes);
        Assert.True(store.Bytes <= 200_000);
    }

    private static long LiveBytes(S3FifoStore store, IEnumerable<string> paths)
    {
        long live = 0;
        foreach (var path in paths.Distinct())
        {
            if (store.TryGet(Key(path), out var e))
            {
                live += e.Size;
            }
        }

        return live;
    }
}
