using EdgeCdn.Core.Caching;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Serving;

/// <summary>Viewer conditional requests and HEAD answered from cache, without asking the origin.</summary>
public sealed class ConditionalRequestTests
{
    private static async Task<(TestOrigin, EdgeTestHost, OriginObject)> StartAsync()
    {
        var origin = await TestOrigin.StartAsync();
        var item = origin.Put("/c.txt", "conditional", configure: o => o.CacheControl = "max-age=600");
        var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create());
        await edge.GetAsync("/c.txt");
        return (origin, edge, item);
    }

    [Fact]
    public async Task IfNoneMatch_Matching_304FromCache()
    {
        var (origin, edge, item) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var response = await edge.GetAsync("/c.txt", r => r.Headers.TryAddWithoutValidation("If-None-Match", "\"nope\", " + item.ETag));

        Assert.Equal(304, (int)response.StatusCode);
        Assert.Equal(item.ETag, response.Header("ETag"));
        Assert.Equal("Hit from edgecdn", response.XCache());
        Assert.Empty(await response.BytesAsync());
        Assert.Equal(1, origin.CountFor("/c.txt"));
        Assert.Null(origin.LastFor("/c.txt").Header("If-None-Match"));
    }

    [Fact]
    public async Task IfNoneMatch_Different_200()
    {
        var (origin, edge, _) = await StartAsync();
        await using var o = origin;
        await using var e = edge;

        var response = await edge.GetAsync("/c.txt", r => r.Headers.TryAddWithoutValidation("If-None-Match", "\"other\""));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("conditional", await response.TextAsync());
    }

    [Theory]
    [InlineData(0, 304)]
    [InlineData(3600, 304)]
    [InlineData(-3600, 200)]
    public async Task IfModifiedSince_ComparedWithLastModified(int offsetSeconds, int expected)
    {
        var (origin, edge, item) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var response = await edge.GetAsync("/c.txt", r => r.Headers.TryAddWithoutValidation("If-Modified-Since", HttpDate.Format(item.LastModified!.Value.AddSeconds(offsetSeconds))));

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal(1, origin.CountFor("/c.txt"));
    }

    [Fact]
    public async Task IfMatch_Different_412()
    {
        var (origin, edge, _) = await StartAsync();
        await using var o = origin;
        await using var e = edge;

        var response = await edge.GetAsync("/c.txt", r => r.Headers.TryAddWithoutValidation("If-Match", "\"other\""));

        Assert.Equal(412, (int)response.StatusCode);
        Assert.Equal("Error from edgecdn", response.XCache());
    }

    [Fact]
    public async Task IfUnmodifiedSince_Earlier_412()
    {
        var (origin, edge, item) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var response = await edge.GetAsync("/c.txt", r => r.Headers.TryAddWithoutValidation("If-Unmodified-Since", HttpDate.Format(item.LastModified!.Value.AddDays(-1))));

        Assert.Equal(412, (int)response.StatusCode);
    }

    [Fact]
    public async Task Head_FromCache_HeadersAndLengthWithoutBody()
    {
        var (origin, edge, item) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var response = await edge.SendAsync(HttpMethod.Head, "/c.txt");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Hit from edgecdn", response.XCache());
        Assert.Equal(11, response.Content.Headers.ContentLength);
        Assert.Equal(item.ETag, response.Header("ETag"));
        Assert.Empty(await response.BytesAsync());
        Assert.Equal(1, origin.CountFor("/c.txt"));
    }

    [Fact]
    public async Task Head_OnMiss_OriginAskedWithGet_ThenGetIsHit()
    {
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/h.txt", "head first", configure: o => o.CacheControl = "max-age=600");
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create());

        var head = await edge.SendAsync(HttpMethod.Head, "/h.txt");
        var get = await edge.GetAsync("/h.txt");

        Assert.Equal(10, head.Content.Headers.ContentLength);
        Assert.Empty(await head.BytesAsync());
        Assert.Equal("GET", origin.LastFor("/h.txt").Method);
        Assert.Equal("Hit from edgecdn", get.XCache());
        Assert.Equal("head first", await get.TextAsync());
    }
}
