using EdgeCdn.Core.Caching;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Caching;

/// <summary>Expired entries are revalidated with the origin's validators; a 304 refreshes them (RefreshHit).</summary>
public sealed class RevalidationTests
{
    [Fact]
    public async Task Expired_WithETag_IfNoneMatchSent_304IsRefreshHit()
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        var item = origin.Put("/r.txt", "body", configure: o => o.CacheControl = "max-age=10");
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), clock);
        await edge.GetAsync("/r.txt");

        clock.AdvanceSeconds(11);
        var refreshed = await edge.GetAsync("/r.txt");
        clock.AdvanceSeconds(5);
        var hit = await edge.GetAsync("/r.txt");

        Assert.Equal("RefreshHit from edgecdn", refreshed.XCache());
        Assert.Equal("body", await refreshed.TextAsync());
        Assert.Contains("cdn-cache-refresh", refreshed.Header("Server-Timing"));
        Assert.Equal(item.ETag, origin.Requests.Last().Header("If-None-Match"));
        Assert.Equal("Hit from edgecdn", hit.XCache());
        Assert.Equal("5", hit.Header("Age"));
        Assert.Equal(2, origin.CountFor("/r.txt"));
    }

    [Fact]
    public async Task Expired_WithLastModifiedOnly_IfModifiedSinceSent()
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        var item = origin.Put("/r.txt", "body", configure: o => { o.CacheControl = "max-age=10"; o.ETag = null; });
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), clock);
        await edge.GetAsync("/r.txt");

        clock.AdvanceSeconds(11);
        var refreshed = await edge.GetAsync("/r.txt");

        Assert.Equal("RefreshHit from edgecdn", refreshed.XCache());
        Assert.Equal(HttpDate.Format(item.LastModified!.Value), origin.Requests.Last().Header("If-Modified-Since"));
        Assert.Null(origin.Requests.Last().Header("If-None-Match"));
    }

    [Fact]
    public async Task Expired_ObjectChanged_NewBodyServedAsMiss()
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/r.txt", "old", configure: o => o.CacheControl = "max-age=10");
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), clock);
        await edge.GetAsync("/r.txt");
        origin.Put("/r.txt", "new", configure: o => o.CacheControl = "max-age=10");

        clock.AdvanceSeconds(11);
        var changed = await edge.GetAsync("/r.txt");
        var hit = await edge.GetAsync("/r.txt");

        Assert.Equal("Miss from edgecdn", changed.XCache());
        Assert.Equal("new", await changed.TextAsync());
        Assert.Equal("new", await hit.TextAsync());
        Assert.NotNull(origin.Requests.Last().Header("If-None-Match"));
    }

    [Fact]
    public async Task Refresh_304HeadersUpdateStoredHeaders()
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/r.txt", "body", configure: o => o.CacheControl = "max-age=10");
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), clock);
        await edge.GetAsync("/r.txt");
        origin.Put("/r.txt", "body", configure: o => o.CacheControl = "max-age=100");

        clock.AdvanceSeconds(11);
        var refreshed = await edge.GetAsync("/r.txt");
        clock.AdvanceSeconds(50);
        var hit = await edge.GetAsync("/r.txt");

        Assert.Equal("max-age=100", refreshed.Header("Cache-Control"));
        Assert.Equal("Hit from edgecdn", hit.XCache());
    }
}
