using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Observability;

/// <summary>X-Cache, Age, Via and Server-Timing as viewers see them.</summary>
public sealed class ResponseHeaderTests
{
    [Fact]
    public async Task Miss_ServerTimingHasUpstreamAndDownstreamFirstByte_ViaAppended()
    {
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/h.txt", "h", configure: o => { o.CacheControl = "max-age=60"; o.Headers["Via"] = "1.1 origin-proxy"; });
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create());

        var miss = await edge.GetAsync("/h.txt");
        var hit = await edge.GetAsync("/h.txt");

        Assert.Matches("^cdn-cache-miss, cdn-pop;desc=\"TST1\", cdn-upstream-fbl;dur=[0-9.]+, cdn-downstream-fbl;dur=[0-9.]+$", miss.Header("Server-Timing"));
        Assert.Matches("^cdn-cache-hit, cdn-pop;desc=\"TST1\", cdn-downstream-fbl;dur=[0-9.]+$", hit.Header("Server-Timing"));
        Assert.Equal("1.1 origin-proxy, 1.1 edge-test (edgecdn)", hit.Header("Via"));
        Assert.Equal("1.1 edge-test (edgecdn)", origin.LastFor("/h.txt").Header("Via"));
        Assert.Equal("edgecdn", origin.LastFor("/h.txt").Header("User-Agent"));
        Assert.Equal("127.0.0.1", origin.LastFor("/h.txt").Header("X-Forwarded-For"));
    }

    [Fact]
    public async Task HopByHopAndUpstreamCacheHeaders_NotPassedToViewers()
    {
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/h.txt", "h", configure: o =>
        {
            o.CacheControl = "max-age=60";
            o.Headers["X-Cache"] = "Hit from upstream";
            o.Headers["Server-Timing"] = "db;dur=5";
            o.Headers["Keep-Alive"] = "timeout=5";
            o.Headers["X-Amz-Request-Id"] = "ABC";
        });
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create());

        await edge.GetAsync("/h.txt");
        var hit = await edge.GetAsync("/h.txt");

        Assert.Equal("Hit from edgecdn", hit.XCache());
        Assert.DoesNotContain("db;dur", hit.Header("Server-Timing"));
        Assert.Null(hit.Header("Keep-Alive"));
        Assert.Equal("ABC", hit.Header("X-Amz-Request-Id"));
    }

    [Fact]
    public async Task Flags_OverrideConfiguration()
    {
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/h.txt", "h");
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create(), args: ["--location", "FRA9"]);

        var response = await edge.GetAsync("/h.txt");

        Assert.Contains("cdn-pop;desc=\"FRA9\"", response.Header("Server-Timing"));
    }
}
