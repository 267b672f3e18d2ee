using System.Text.Json.Nodes;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Caching;

/// <summary>Error caching (404, 414, 500-504 for the error-caching minimum TTL) and custom error responses.</summary>
public sealed class ErrorCachingTests
{
    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task OriginError_CachedForTenSeconds(int status)
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/e", "error page", configure: o => o.Status = status);
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), clock);

        var first = await edge.GetAsync("/e");
        clock.AdvanceSeconds(9);
        var cached = await edge.GetAsync("/e");
        clock.AdvanceSeconds(2);
        await edge.GetAsync("/e");

        Assert.Equal(status, (int)first.StatusCode);
        Assert.Equal(status, (int)cached.StatusCode);
        Assert.Equal("Error from edgecdn", cached.XCache());
        Assert.Equal("error page", await cached.TextAsync());
        Assert.Equal(2, origin.CountFor("/e"));
    }

    [Fact]
    public async Task OriginError_NotInTheList_NotCached()
    {
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/e", "forbidden", configure: o => o.Status = 403);
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create());

        await edge.GetAsync("/e");
        await edge.GetAsync("/e");

        Assert.Equal(2, origin.CountFor("/e"));
    }

    [Fact]
    public async Task CustomErrorResponse_ServesPageWithConfiguredStatus_AndOwnCachingTtl()
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/errors/404.html", "<h1>Not here</h1>", "text/html", o => o.CacheControl = "max-age=600");
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        config.Distribution()["CustomErrorResponses"] = new JsonArray
        {
            new JsonObject { ["ErrorCode"] = 404, ["ResponsePagePath"] = "/errors/404.html", ["ResponseCode"] = 404, ["ErrorCachingMinTtl"] = EdgeConfig.Seconds(60) },
        };
        await using var edge = await EdgeTestHost.StartAsync(config, clock);

        var first = await edge.GetAsync("/missing");
        clock.AdvanceSeconds(30);
        var second = await edge.GetAsync("/missing");

        Assert.Equal(404, (int)first.StatusCode);
        Assert.Equal("<h1>Not here</h1>", await first.TextAsync());
        Assert.Equal("text/html", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Error from edgecdn", second.XCache());
        Assert.Equal("<h1>Not here</h1>", await second.TextAsync());
        Assert.Equal(1, origin.CountFor("/missing"));
        Assert.Equal(1, origin.CountFor("/errors/404.html"));
    }

    [Fact]
    public async Task CustomErrorResponse_ResponseCode200_HidesTheError()
    {
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/oops.html", "friendly", "text/html");
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        config.Distribution()["CustomErrorResponses"] = new JsonArray
        {
            new JsonObject { ["ErrorCode"] = 503, ["ResponsePagePath"] = "/oops.html", ["ResponseCode"] = 200 },
        };
        await using var edge = await EdgeTestHost.StartAsync(config, TestClock.Create());
        origin.FailNext(503);

        var response = await edge.GetAsync("/api");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("friendly", await response.TextAsync());
    }
}
