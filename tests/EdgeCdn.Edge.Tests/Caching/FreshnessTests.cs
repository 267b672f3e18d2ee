using System.Text.Json.Nodes;
using EdgeCdn.Core.Caching;
using EdgeCdn.TestCommon;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Caching;

/// <summary>CloudFront's TTL rules end to end, on a manual clock: what viewers see and how often the origin is asked.</summary>
public sealed class FreshnessTests
{
    private static JsonObject Policy(double min = 0, double @default = 86400, double max = 31536000) => new()
    {
        ["MinTtl"] = EdgeConfig.Seconds(min),
        ["DefaultTtl"] = EdgeConfig.Seconds(@default),
        ["MaxTtl"] = EdgeConfig.Seconds(max),
    };

    private static async Task<(TestOrigin, EdgeTestHost, ManualTimeProvider)> StartAsync(JsonObject? policy = null)
    {
        var clock = TestClock.Create();
        var origin = await TestOrigin.StartAsync();
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        if (policy is not null)
        {
            config.WithPolicy(policy);
        }

        return (origin, await EdgeTestHost.StartAsync(config, clock), clock);
    }

    [Fact]
    public async Task Get_SecondRequest_IsHitWithAge()
    {
        var (origin, edge, clock) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/a.txt", "hello", configure: o => o.CacheControl = "max-age=600");

        var first = await edge.GetAsync("/a.txt");
        clock.AdvanceSeconds(7);
        var second = await edge.GetAsync("/a.txt");

        Assert.Equal("Miss from edgecdn", first.XCache());
        Assert.Null(first.Header("Age"));
        Assert.Equal("Hit from edgecdn", second.XCache());
        Assert.Equal("7", second.Header("Age"));
        Assert.Equal("hello", await second.TextAsync());
        Assert.Equal(1, origin.CountFor("/a.txt"));
    }

    [Theory]
    [InlineData("max-age=60", 59, 61)]
    [InlineData("max-age=10, s-maxage=100", 99, 101)]
    [InlineData("public, max-age=0", -1, 1)]
    public async Task Get_OriginTtl_ExpiresOnTime(string cacheControl, double stillFresh, double expired)
    {
        var (origin, edge, clock) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/a.txt", "x", configure: o => { o.CacheControl = cacheControl; o.ETag = null; o.LastModified = null; });
        await edge.GetAsync("/a.txt");

        if (stillFresh >= 0)
        {
            clock.AdvanceSeconds(stillFresh);
            Assert.Equal("Hit from edgecdn", (await edge.GetAsync("/a.txt")).XCache());
            clock.AdvanceSeconds(expired - stillFresh);
        }
        else
        {
            clock.AdvanceSeconds(expired);
        }

        Assert.Equal("Miss from edgecdn", (await edge.GetAsync("/a.txt")).XCache());
        Assert.Equal(2, origin.CountFor("/a.txt"));
    }

    [Fact]
    public async Task Get_Expires_UsedWithoutCacheControl()
    {
        var (origin, edge, clock) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/e.txt", "x", configure: o => { o.Expires = HttpDate.Format(clock.GetUtcNow().AddSeconds(30)); o.ETag = null; o.LastModified = null; });
        await edge.GetAsync("/e.txt");

        clock.AdvanceSeconds(20);
        Assert.Equal("Hit from edgecdn", (await edge.GetAsync("/e.txt")).XCache());
        clock.AdvanceSeconds(20);
        Assert.Equal("Miss from edgecdn", (await edge.GetAsync("/e.txt")).XCache());
        Assert.Equal(2, origin.CountFor("/e.txt"));
    }

    [Fact]
    public async Task Get_NoOriginTtl_UsesDefaultTtl()
    {
        var (origin, edge, clock) = await StartAsync(Policy(@default: 3600));
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/d.txt", "x", configure: o => { o.ETag = null; o.LastModified = null; });
        await edge.GetAsync("/d.txt");

        clock.AdvanceSeconds(3599);
        Assert.Equal("Hit from edgecdn", (await edge.GetAsync("/d.txt")).XCache());
        clock.AdvanceSeconds(2);
        Assert.Equal("Miss from edgecdn", (await edge.GetAsync("/d.txt")).XCache());
    }

    [Fact]
    public async Task Get_OriginTtlBelowMin_ClampedUpToMinTtl()
    {
        var (origin, edge, clock) = await StartAsync(Policy(min: 60));
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/m.txt", "x", configure: o => o.CacheControl = "max-age=5");
        await edge.GetAsync("/m.txt");

        clock.AdvanceSeconds(30);
        Assert.Equal("Hit from edgecdn", (await edge.GetAsync("/m.txt")).XCache());
        Assert.Equal(1, origin.CountFor("/m.txt"));
    }

    [Fact]
    public async Task Get_OriginTtlAboveMax_ClampedDownToMaxTtl()
    {
        var (origin, edge, clock) = await StartAsync(Policy(@default: 5, max: 10));
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/x.txt", "x", configure: o => { o.CacheControl = "max-age=100000"; o.ETag = null; o.LastModified = null; });
        await edge.GetAsync("/x.txt");

        clock.AdvanceSeconds(11);
        Assert.Equal("Miss from edgecdn", (await edge.GetAsync("/x.txt")).XCache());
        Assert.Equal(2, origin.CountFor("/x.txt"));
    }

    [Fact]
    public async Task Get_OriginSaysNoCache_MinTtlZero_EveryUseRevalidated_RefreshHitWithoutBody()
    {
        var (origin, edge, _) = await StartAsync();
        await using var o = origin;
        await using var e = edge;
        origin.Put("/page.html", "<h1>page</h1>", configure: x => x.CacheControl = "no-cache");

        var first = await edge.GetAsync("/page.html");
        var second = await edge.GetAsync("/page.html");

        Assert.Equal("Miss from edgecdn", first.XCache());
        Assert.Equal("RefreshHit from edgecdn", second.XCache());
        Assert.Equal("<h1>page</h1>", await second.TextAsync());
        Assert.Equal(2, origin.CountFor("/page.html"));
        Assert.NotNull(origin.Requests.Last(r => r.Path == "/page.html").Header("If-None-Match"));
    }

    [Theory]
    [InlineData("no-store")]
    [InlineData("private, max-age=600")]
    public async Task Get_OriginRefusesCaching_MinTtlZero_EveryRequestGoesToOrigin(string cacheControl)
    {
        var (origin, edge, _) = await StartAsync();
        await using var o = origin;
        await using var e = edge;
        origin.Put("/p.txt", "secret", configure: x => x.CacheControl = cacheControl);

        var first = await edge.GetAsync("/p.txt");
        var second = await edge.GetAsync("/p.txt");

        Assert.Equal("secret", await second.TextAsync());
        Assert.Equal("Miss from edgecdn", first.XCache());
        Assert.Equal("Miss from edgecdn", second.XCache());
        Assert.Equal(2, origin.CountFor("/p.txt"));
    }

    [Fact]
    public async Task Get_OriginRefusesCaching_PositiveMinTtl_CachedForMinTtl()
    {
        var (origin, edge, clock) = await StartAsync(Policy(min: 30));
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/p.txt", "x", configure: o => { o.CacheControl = "no-store"; o.ETag = null; o.LastModified = null; });
        await edge.GetAsync("/p.txt");

        clock.AdvanceSeconds(29);
        Assert.Equal("Hit from edgecdn", (await edge.GetAsync("/p.txt")).XCache());
        clock.AdvanceSeconds(2);
        Assert.Equal("Miss from edgecdn", (await edge.GetAsync("/p.txt")).XCache());
    }

    [Theory]
    [InlineData("Cache-Control", "no-cache")]
    [InlineData("Cache-Control", "no-store, max-age=0")]
    [InlineData("Pragma", "no-cache")]
    public async Task Get_ViewerCacheControl_DoesNotBypassCache(string header, string value)
    {
        var (origin, edge, _) = await StartAsync();
        await using var o = origin;
        await using var e = edge;
        origin.Put("/v.txt", "x", configure: x => x.CacheControl = "max-age=600");
        await edge.GetAsync("/v.txt");

        var response = await edge.GetAsync("/v.txt", r => r.Headers.TryAddWithoutValidation(header, value));

        Assert.Equal("Hit from edgecdn", response.XCache());
        Assert.Equal(1, origin.CountFor("/v.txt"));
    }

    [Fact]
    public async Task Get_OriginAgeHeader_CountsTowardsFreshness()
    {
        var (origin, edge, clock) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/age.txt", "x", configure: o => { o.CacheControl = "max-age=100"; o.Headers["Age"] = "90"; o.ETag = null; o.LastModified = null; });
        await edge.GetAsync("/age.txt");

        clock.AdvanceSeconds(5);
        var hit = await edge.GetAsync("/age.txt");
        clock.AdvanceSeconds(10);
        var expired = await edge.GetAsync("/age.txt");

        Assert.Equal("95", hit.Header("Age"));
        Assert.Equal("Miss from edgecdn", expired.XCache());
    }
}
