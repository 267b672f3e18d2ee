using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Tests.Storage;

/// <summary>The hot blob cache on its own: what it accepts, and that it stays within its byte budget.</summary>
public sealed class HotBlobCacheTests
{
    [Fact]
    public void KeepsSmallBlobs_WithinItsBudget()
    {
        var cache = new HotBlobCache(capacityBytes: 10_000, maxBlobBytes: 1_000);

        Assert.True(cache.Accepts(1_000));
        Assert.False(cache.Accepts(1_001));
        cache.Add("too-big", new byte[1_001]);
        Assert.Null(cache.Get("too-big"));

        for (var i = 0; i < 100; i++)
        {
            cache.Add($"b{i}", new byte[1_000]);
            Assert.InRange(cache.Bytes, 0, 10_000);
            Assert.Equal(cache.Count * 1_000L, cache.Bytes);
        }

        Assert.NotNull(cache.Get("b99"));
        cache.Remove("b99");
        cache.Remove("b99");
        Assert.Null(cache.Get("b99"));
        Assert.Equal(cache.Count * 1_000L, cache.Bytes);
    }

    [Fact]
    public void ZeroBudget_KeepsNothing()
    {
        var cache = new HotBlobCache(0, 64 * 1024);
        cache.Add("a", new byte[10]);
        Assert.False(cache.Accepts(0));
        Assert.Equal(0, cache.Count);
    }
}
