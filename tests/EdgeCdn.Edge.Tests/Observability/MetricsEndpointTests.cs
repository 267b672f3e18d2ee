using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Observability;

/// <summary>GET /_edgecdn/metrics in Prometheus text format.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_CountRequestsBytesOriginFetchesAndLatencyByResult()
    {
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/m.txt", "0123456789", configure: o => o.CacheControl = "max-age=60");
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create());
        await edge.GetAsync("/m.txt");
        await edge.GetAsync("/m.txt");
        await edge.GetAsync("/m.txt");
        await edge.GetAsync("/missing");

        var response = await edge.GetAsync("/_edgecdn/metrics");
        var text = await response.TextAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE edgecdn_requests_total counter", text);
        Assert.Contains("edgecdn_requests_total{result=\"hit\"} 2", text);
        Assert.Contains("edgecdn_requests_total{result=\"miss\"} 1", text);
        Assert.Contains("edgecdn_requests_total{result=\"error\"} 1", text);
        Assert.Contains("edgecdn_response_body_bytes_total{result=\"hit\"} 20", text);
        Assert.Contains("# TYPE edgecdn_request_duration_seconds histogram", text);
        Assert.Contains("edgecdn_request_duration_seconds_bucket{result=\"hit\",le=\"+Inf\"} 2", text);
        Assert.Contains("edgecdn_request_duration_seconds_count{result=\"miss\"} 1", text);
        Assert.Contains("edgecdn_origin_fetches_total{origin=\"origin\",outcome=\"2xx\"} 1", text);
        Assert.Contains("edgecdn_origin_fetches_total{origin=\"origin\",outcome=\"4xx\"} 1", text);
        Assert.Contains("edgecdn_cache_entries 2", text);
        Assert.Matches("edgecdn_cache_size_bytes [1-9][0-9]*", text);
        Assert.Contains("edgecdn_cache_capacity_bytes 268435456", text);
    }

    [Fact]
    public async Task Metrics_CoalescedAndStaleAreTheirOwnResults()
    {
        var clock = TestClock.Create();
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/c.txt", "c", configure: o => o.CacheControl = "max-age=10, stale-while-revalidate=100");
        origin.Delay = TimeSpan.FromMilliseconds(200);
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), clock);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => edge.GetAsync("/c.txt")));
        clock.AdvanceSeconds(20);
        await edge.GetAsync("/c.txt");
        var text = await (await edge.GetAsync("/_edgecdn/metrics")).TextAsync();

        Assert.Contains("edgecdn_requests_total{result=\"coalesced\"} 4", text);
        Assert.Contains("edgecdn_requests_total{result=\"stale\"} 1", text);
        Assert.Contains("edgecdn_request_duration_seconds_count{result=\"coalesced\"} 4", text);
    }
}
