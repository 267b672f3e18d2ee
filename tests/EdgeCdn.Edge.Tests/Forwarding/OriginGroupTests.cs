using System.Text.Json.Nodes;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Forwarding;

/// <summary>Origin groups: the secondary serves when the primary answers a failover status, refuses connections,
/// or times out.</summary>
public sealed class OriginGroupTests
{
    private static JsonObject Config(string primary, Uri secondary, int attempts = 1, double responseTimeoutSeconds = 30)
    {
        var config = EdgeConfig.ForHttpOrigin(new Uri(primary));
        config.Origin()["Id"] = "primary";
        config.Origin()["ConnectionAttempts"] = attempts;
        config.Origin()["ResponseTimeout"] = EdgeConfig.Seconds(responseTimeoutSeconds);
        config.Distribution()["Origins"]!.AsArray().Add(new JsonObject
        {
            ["Id"] = "secondary",
            ["Kind"] = "http",
            ["Endpoint"] = secondary.GetLeftPart(UriPartial.Authority),
        });
        config.Distribution()["OriginGroups"] = new JsonArray
        {
            new JsonObject { ["Id"] = "group", ["Members"] = new JsonArray("primary", "secondary"), ["FailoverStatusCodes"] = new JsonArray(500, 502, 503, 504) },
        };
        config.DefaultBehavior()["TargetOriginId"] = "group";
        return config;
    }

    [Fact]
    public async Task PrimaryFailoverStatus_SecondaryServes()
    {
        await using var primary = await TestOrigin.StartAsync();
        await using var secondary = await TestOrigin.StartAsync();
        primary.Put("/g.txt", "primary");
        secondary.Put("/g.txt", "secondary");
        primary.FailNext(503, count: 100);
        await using var edge = await EdgeTestHost.StartAsync(Config(primary.BaseUri.ToString(), secondary.BaseUri), TestClock.Create());

        var response = await edge.GetAsync("/g.txt");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("secondary", await response.TextAsync());
        Assert.Equal(1, primary.CountFor("/g.txt"));
        Assert.Equal(1, secondary.CountFor("/g.txt"));
    }

    [Fact]
    public async Task PrimaryNotAFailoverStatus_NoFailover()
    {
        await using var primary = await TestOrigin.StartAsync();
        await using var secondary = await TestOrigin.StartAsync();
        secondary.Put("/g.txt", "secondary");
        await using var edge = await EdgeTestHost.StartAsync(Config(primary.BaseUri.ToString(), secondary.BaseUri), TestClock.Create());

        var response = await edge.GetAsync("/g.txt");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(0, secondary.CountFor("/g.txt"));
    }

    [Fact]
    public async Task PrimaryRefusesConnections_SecondaryServes()
    {
        await using var secondary = await TestOrigin.StartAsync();
        secondary.Put("/g.txt", "secondary");
        await using var edge = await EdgeTestHost.StartAsync(Config("http://127.0.0.1:1", secondary.BaseUri, attempts: 2), TestClock.Create());

        var response = await edge.GetAsync("/g.txt");

        Assert.Equal("secondary", await response.TextAsync());
    }

    [Fact]
    public async Task PrimaryTimesOut_SecondaryServes()
    {
        await using var primary = await TestOrigin.StartAsync();
        await using var secondary = await TestOrigin.StartAsync();
        primary.Put("/g.txt", "primary");
        primary.Delay = TimeSpan.FromSeconds(5);
        secondary.Put("/g.txt", "secondary");
        await using var edge = await EdgeTestHost.StartAsync(Config(primary.BaseUri.ToString(), secondary.BaseUri, responseTimeoutSeconds: 0.3), TestClock.Create());

        var response = await edge.GetAsync("/g.txt");

        Assert.Equal("secondary", await response.TextAsync());
        Assert.Equal(1, primary.CountFor("/g.txt"));
    }

    [Fact]
    public async Task BothFail_LastAnswerServed()
    {
        await using var primary = await TestOrigin.StartAsync();
        await using var secondary = await TestOrigin.StartAsync();
        primary.FailNext(500, count: 100);
        secondary.FailNext(502, count: 100);
        await using var edge = await EdgeTestHost.StartAsync(Config(primary.BaseUri.ToString(), secondary.BaseUri), TestClock.Create());

        var response = await edge.GetAsync("/g.txt");

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("Error from edgecdn", response.XCache());
    }
}
