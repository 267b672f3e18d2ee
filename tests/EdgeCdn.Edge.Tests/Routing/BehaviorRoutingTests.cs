using System.Text.Json.Nodes;
using EdgeCdn.Edge.Configuration;
using EdgeCdn.Edge.Hosting;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Routing;

/// <summary>Ordered path-pattern behaviours (first match wins, default last) and distributions by host.</summary>
public sealed class BehaviorRoutingTests
{
    [Fact]
    public async Task FirstMatchingPatternWins_CaseSensitive_DefaultLast()
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        foreach (var path in new[] { "/api/users", "/img/a.jpg", "/img/a.JPG", "/other" })
        {
            origin.Put(path, path, configure: o => o.CacheControl = "max-age=60");
        }

        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        config.Distribution()["CacheBehaviors"] = new JsonArray
        {
            new JsonObject { ["PathPattern"] = "/api/*", ["TargetOriginId"] = EdgeConfig.OriginId, ["CachePolicy"] = "CachingDisabled" },
            new JsonObject { ["PathPattern"] = "/img/*.jpg", ["TargetOriginId"] = EdgeConfig.OriginId, ["CachePolicy"] = "Long" },
            new JsonObject { ["PathPattern"] = "/img/*", ["TargetOriginId"] = EdgeConfig.OriginId, ["CachePolicy"] = "CachingDisabled" },
        };
        config.Edge()["CachePolicies"] = new JsonObject { ["Long"] = new JsonObject { ["MinTtl"] = EdgeConfig.Seconds(3600) } };
        await using var edge = await EdgeTestHost.StartAsync(config, clock);

        foreach (var path in new[] { "/api/users", "/img/a.jpg", "/img/a.JPG", "/other" })
        {
            await edge.GetAsync(path);
            clock.AdvanceSeconds(120);
            await edge.GetAsync(path);
        }

        Assert.Equal(2, origin.CountFor("/api/users"));
        Assert.Equal(1, origin.CountFor("/img/a.jpg"));
        Assert.Equal(2, origin.CountFor("/img/a.JPG"));
        Assert.Equal(2, origin.CountFor("/other"));
    }

    [Fact]
    public async Task TwoDistributions_SelectedByHost_SeparateCaches()
    {
        await using var originA = await TestOrigin.StartAsync();
        await using var originB = await TestOrigin.StartAsync();
        originA.Put("/x", "from a", configure: o => o.CacheControl = "max-age=60");
        originB.Put("/x", "from b", configure: o => o.CacheControl = "max-age=60");
        var config = EdgeConfig.ForHttpOrigin(originA.BaseUri);
        config.Distribution()["Aliases"] = new JsonArray("a.example.test");
        var second = EdgeConfig.ForHttpOrigin(originB.BaseUri).Distribution().DeepClone().AsObject();
        second["Id"] = "other";
        second["Aliases"] = new JsonArray("*.b.example.test");
        config["Edge"]!["Distributions"]!.AsArray().Add(second);
        await using var edge = await EdgeTestHost.StartAsync(config, TestClock.Create());

        var a = await edge.GetAsync("/x", r => r.Headers.Host = "a.example.test");
        var b = await edge.GetAsync("/x", r => r.Headers.Host = "www.b.example.test");
        var deep = await edge.GetAsync("/x", r => r.Headers.Host = "x.www.b.example.test");

        Assert.Equal("from a", await a.TextAsync());
        Assert.Equal("from b", await b.TextAsync());
        Assert.Equal(421, (int)deep.StatusCode);

        var routes = edge.GetService<EdgeRouteLookup>();
        Assert.Equal("other", routes.Find("www.b.example.test", "/x")!.DistributionId);
        Assert.Equal(ViewerProtocolPolicy.AllowAll, routes.Find("a.example.test", "/")!.ViewerProtocolPolicy);
        Assert.Null(routes.Find("unknown.test", "/"));
    }

    [Fact]
    public async Task ViewerProtocolPolicy_StoredPerBehaviour()
    {
        var config = EdgeConfig.ForHttpOrigin(new Uri("http://127.0.0.1:9"));
        config.DefaultBehavior()["ViewerProtocolPolicy"] = "redirect-to-https";
        config.Distribution()["CacheBehaviors"] = new JsonArray
        {
            new JsonObject { ["PathPattern"] = "/admin/*", ["TargetOriginId"] = EdgeConfig.OriginId, ["ViewerProtocolPolicy"] = "https-only" },
        };
        await using var edge = await EdgeTestHost.StartAsync(config);

        var routes = edge.GetService<EdgeRouteLookup>();

        Assert.Equal(ViewerProtocolPolicy.HttpsOnly, routes.Find("any", "/admin/x")!.ViewerProtocolPolicy);
        Assert.Equal(ViewerProtocolPolicy.RedirectToHttps, routes.Find("any", "/index.html")!.ViewerProtocolPolicy);
        Assert.Equal("/admin/*", routes.Find("any", "/admin/x")!.PathPattern);
    }
}
