using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Tests.Caching;

public sealed class ClockMemoryStoreTests
{
    private static readonly Distribution Site = new("site", ["*"], null, [], new CacheBehavior
    {
        Pattern = new Core.Routing.PathPattern("*"),
        Target = new OriginTarget { Id = "o", Members = [], FailoverStatusCodes = [] },
        Policy = CachePolicy.Compile("p", new CachePolicyOptions()),
        ViewerProtocolPolicy = ViewerProtocolPolicy.AllowAll,
        PassMethods = [],
        Compress = true,
        SpaFallback = false,
        SpaDocument = "/index.html",
    }, []);

    private static CacheEntry Entry(string key, int bytes) => new CacheEntry
    {
        Key = "site\u001e" + key,
        Distribution = Site,
        Path = key,
        Meta = new ResponseMeta { StatusCode = 200, Headers = [] },
        Body = MemoryCacheBody.FromArray(new byte[bytes]),
        ResponseTimeTicks = 0,
        Ttl = TimeSpan.FromHours(1),
    }.WithComputedSize();

    private static ClockMemoryStore Store(long budget, long maxObject = 1_000_000) =>
        new(new CacheStoreOptions { MemoryBytes = budget, MaxObjectBytes = maxObject });

    [Fact]
    public void TrySet_OverBudget_EvictsOldestUnvisited_BytesStayWithinBudget()
    {
        var store = Store(10_000);
        for (var i = 0; i < 20; i++)
        {
            Assert.True(store.TrySet(Entry("/" + i, 1000)));
            Assert.True(store.Bytes <= 10_000);
        }

        Assert.False(store.TryGet("site\u001e/0", out _));
        Assert.True(store.TryGet("site\u001e/19", out _));
        Assert.Equal(store.Count, Enumerable.Range(0, 20).Count(i => store.TryGet("site\u001e/" + i, out _)));
    }

    [Fact]
    public void TrySet_VisitedEntryGetsASecondChance()
    {
        var store = Store(6_000);
        store.TrySet(Entry("/hot", 1000));
        for (var i = 0; i < 10; i++)
        {
            store.TryGet("site\u001e/hot", out _);
            store.TrySet(Entry("/cold" + i, 1000));
        }

        Assert.True(store.TryGet("site\u001e/hot", out _));
    }

    [Fact]
    public void TrySet_Replace_AccountsBytesOnce_AndOldEntryMarkedRemoved()
    {
        var store = Store(100_000);
        var first = Entry("/a", 1000);
        var second = Entry("/a", 3000);
        store.TrySet(first);
        store.TrySet(second);

        Assert.Equal(second.Size, store.Bytes);
        Assert.True(first.Removed);
        Assert.Equal(1, store.Count);
        Assert.False(store.Remove(first));
        Assert.True(store.Remove(second));
        Assert.Equal(0, store.Bytes);
    }

    [Fact]
    public void TrySet_LargerThanMaxObject_Refused()
    {
        var store = Store(1_000_000, maxObject: 500);
        Assert.False(store.TrySet(Entry("/big", 501)));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void RemoveByPrefix_RemovesOneDistribution()
    {
        var store = Store(1_000_000);
        store.TrySet(Entry("/a", 10));
        store.TrySet(Entry("/b", 10));

        Assert.Equal(2, store.RemoveByPrefix("site\u001e"));
        Assert.Equal(0, store.Bytes);
    }

    [Fact]
    public async Task ConcurrentSetsAndGets_AccountingStaysExact()
    {
        var store = Store(200_000);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                store.TrySet(Entry("/" + (i % 300), 500 + (t * 10)));
                store.TryGet("site\u001e/" + ((i * 7) % 300), out _);
            }
        })));

        long live = 0;
        for (var i = 0; i < 300; i++)
        {
            if (store.TryGet("site\u001e/" + i, out var e))
            {
                live += e.Size;
            }
        }

        Assert.Equal(live, store.Bytes);
        Assert.True(store.Bytes <= 200_000);
    }
}
