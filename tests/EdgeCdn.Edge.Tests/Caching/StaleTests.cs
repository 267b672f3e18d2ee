using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Caching;

/// <summary>stale-while-revalidate, stale-if-error, and stale copies served when the origin fails.</summary>
public sealed class StaleTests
{
    [Fact]
    public async Task StaleWhileRevalidate_ServesStaleAtOnce_RefreshesInBackground()
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/s.txt", "old", configure: o => o.CacheControl = "max-age=10, stale-while-revalidate=60");
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), clock);
        await edge.GetAsync("/s.txt");
        origin.Put("/s.txt", "new", configure: o => o.CacheControl = "max-age=10, stale-while-revalidate=60");

        clock.AdvanceSeconds(20);
        var stale = await edge.GetAsync("/s.txt");
        await HttpAssert.EventuallyAsync(() => origin.CountFor("/s.txt") == 2, "the background revalidation");
        await HttpAssert.EventuallyAsync(() => edge.GetAsync("/s.txt").Result.TextAsync().Result == "new", "the refreshed entry");
        var fresh = await edge.GetAsync("/s.txt");

        Assert.Equal("old", await stale.TextAsync());
        Assert.Equal("Hit from edgecdn", stale.XCache());
        Assert.Equal("20", stale.Header("Age"));
        Assert.NotNull(origin.Requests.Last().Header("If-None-Match"));
        Assert.Equal("Hit from edgecdn", fresh.XCache());
        Assert.Equal(2, origin.CountFor("/s.txt"));
    }

    [Fact]
    public async Task StaleWhileRevalidate_PastTheWindow_WaitsForTheOrigin()
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/s.txt", "old", configure: o => o.CacheControl = "max-age=10, stale-while-revalidate=5");
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), clock);
        await edge.GetAsync("/s.txt");
        origin.Put("/s.txt", "new", configure: o => o.CacheControl = "max-age=10");

        clock.AdvanceSeconds(16);
        var response = await edge.GetAsync("/s.txt");

        Assert.Equal("new", await response.TextAsync());
        Assert.Equal("Miss from edgecdn", response.XCache());
    }

    [Fact]
    public async Task StaleIfError_Origin500_StaleServedInsideWindow_ErrorAfter()
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/s.txt", "cached", configure: o => o.CacheControl = "max-age=10, stale-if-error=60");
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), clock);
        await edge.GetAsync("/s.txt");

        clock.AdvanceSeconds(30);
        origin.FailNext(500);
        var stale = await edge.GetAsync("/s.txt");
        clock.AdvanceSeconds(60);
        origin.FailNext(500);
        var error = await edge.GetAsync("/s.txt");

        Assert.Equal(200, (int)stale.StatusCode);
        Assert.Equal("cached", await stale.TextAsync());
        Assert.Equal("Hit from edgecdn", stale.XCache());
        Assert.Equal(500, (int)error.StatusCode);
        Assert.Equal("Error from edgecdn", error.XCache());
        Assert.Equal(3, origin.CountFor("/s.txt"));
    }

    [Fact]
    public async Task Expired_OriginDown_StaleCopyServed()
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/s.txt", "cached", configure: o => o.CacheControl = "max-age=10");
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        config.Origin()["ConnectionAttempts"] = 1;
        await using var edge = await EdgeTestHost.StartAsync(config, clock);
        await edge.GetAsync("/s.txt");

        clock.AdvanceSeconds(3600);
        origin.AbortAll = true;
        var response = await edge.GetAsync("/s.txt");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("cached", await response.TextAsync());
        Assert.Equal("3600", response.Header("Age"));
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Expired_Origin5xx_StaleCopyServed(int status)
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/s.txt", "cached", configure: o => o.CacheControl = "max-age=10");
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), clock);
        await edge.GetAsync("/s.txt");

        clock.AdvanceSeconds(20);
        origin.FailNext(status);
        var response = await edge.GetAsync("/s.txt");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("cached", await response.TextAsync());
    }

    [Fact]
    public async Task MustRevalidate_OriginFailing_ErrorNotStale()
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/s.txt", "cached", configure: o => o.CacheControl = "max-age=10, must-revalidate");
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), clock);
        await edge.GetAsync("/s.txt");

        clock.AdvanceSeconds(20);
        origin.FailNext(503);
        var response = await edge.GetAsync("/s.txt");

        Assert.Equal(503, (int)response.StatusCode);
    }

    [Fact]
    public async Task Miss_OriginDown_502WithErrorXCache()
    {
        await using var origin = await TestOrigin.StartAsync();
        origin.AbortAll = true;
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        config.Origin()["ConnectionAttempts"] = 1;
        await using var edge = await EdgeTestHost.StartAsync(config, TestClock.Create());

        var response = await edge.GetAsync("/nothing.txt");

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("Error from edgecdn", response.XCache());
    }
}
