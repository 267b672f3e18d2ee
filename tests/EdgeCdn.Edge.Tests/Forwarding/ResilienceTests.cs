using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Forwarding;

/// <summary>Per-origin Polly pipeline: retries of dropped connections, timeouts, and the circuit breaker.</summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task DroppedConnection_RetriedOnce_ViewerGets200()
    {
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/r.txt", "retried");
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create());
        origin.AbortNext();

        var response = await edge.GetAsync("/r.txt");

        Assert.Equal("retried", await response.TextAsync());
        Assert.Equal(2, origin.CountFor("/r.txt"));
    }

    [Fact]
    public async Task SlowOrigin_TimesOut_504()
    {
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/slow.txt", "late");
        origin.Delay = TimeSpan.FromSeconds(5);
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        config.Origin()["ResponseTimeout"] = EdgeConfig.Seconds(0.3);
        config.Origin()["ConnectionAttempts"] = 1;
        await using var edge = await EdgeTestHost.StartAsync(config, TestClock.Create());

        var response = await edge.GetAsync("/slow.txt");

        Assert.Equal(504, (int)response.StatusCode);
        Assert.Equal("Error from edgecdn", response.XCache());
    }

    [Fact]
    public async Task CircuitBreaker_OpensAfterFailures_StopsCallingTheOrigin_ClosesAfterBreak()
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/cb.txt", "back");
        origin.AbortAll = true;
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        config.Origin()["ConnectionAttempts"] = 1;
        config.Origin()["CircuitBreaker"] = new System.Text.Json.Nodes.JsonObject
        {
            ["FailureRatio"] = 0.5, ["MinimumThroughput"] = 3, ["SamplingDuration"] = EdgeConfig.Seconds(30), ["BreakDuration"] = EdgeConfig.Seconds(20),
        };
        await using var edge = await EdgeTestHost.StartAsync(config, clock);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(502, (int)(await edge.GetAsync("/cb.txt?n=" + i)).StatusCode);
        }

        var countWhenOpened = origin.Requests.Count;
        var whileOpen = await edge.GetAsync("/cb.txt");
        Assert.True((int)whileOpen.StatusCode >= 500);
        Assert.Equal(countWhenOpened, origin.Requests.Count);

        origin.AbortAll = false;
        clock.AdvanceSeconds(21);
        var afterBreak = await edge.GetAsync("/cb.txt");
        Assert.Equal("back", await afterBreak.TextAsync());
        Assert.Equal(countWhenOpened + 1, origin.Requests.Count);
    }
}
