using System.Text.Json.Nodes;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Caching;

/// <summary>What goes into the cache key — and is the only thing forwarded to the origin.</summary>
public sealed class CacheKeyTests
{
    private static JsonObject Part(string behavior, params string[] names) => new() { ["Behavior"] = behavior, ["Names"] = new JsonArray([.. names.Select(n => JsonValue.Create(n))]) };

    private static async Task<(TestOrigin Origin, EdgeTestHost Edge)> StartAsync(JsonObject policy)
    {
        var origin = await TestOrigin.StartAsync();
        origin.Put("/k.txt", "k", configure: o => o.CacheControl = "max-age=600");
        var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri).WithPolicy(policy), TestClock.Create());
        return (origin, edge);
    }

    [Fact]
    public async Task Query_None_IgnoredInKeyAndNotForwarded()
    {
        var (origin, edge) = await StartAsync(new JsonObject());
        await using var _ = origin;
        await using var __ = edge;

        await edge.GetAsync("/k.txt?a=1");
        var second = await edge.GetAsync("/k.txt?a=2");

        Assert.Equal("Hit from edgecdn", second.XCache());
        Assert.Equal(1, origin.CountFor("/k.txt"));
        Assert.Equal(string.Empty, origin.LastFor("/k.txt").Query);
    }

    [Fact]
    public async Task Query_All_EachQueryItsOwnEntry_ForwardedAsSent()
    {
        var (origin, edge) = await StartAsync(new JsonObject { ["QueryStrings"] = Part("all") });
        await using var _ = origin;
        await using var __ = edge;

        await edge.GetAsync("/k.txt?b=2&a=1");
        await edge.GetAsync("/k.txt?a=1&b=2");
        var again = await edge.GetAsync("/k.txt?b=2&a=1");

        Assert.Equal("Hit from edgecdn", again.XCache());
        Assert.Equal(2, origin.CountFor("/k.txt"));
        Assert.Equal(["b=2&a=1", "a=1&b=2"], origin.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task Query_AllowList_OnlyNamedParametersKeyedAndForwarded()
    {
        var (origin, edge) = await StartAsync(new JsonObject { ["QueryStrings"] = Part("allowList", "v") });
        await using var _ = origin;
        await using var __ = edge;

        await edge.GetAsync("/k.txt?utm_source=a&v=1");
        var sameKey = await edge.GetAsync("/k.txt?v=1&utm_source=b");
        await edge.GetAsync("/k.txt?v=2");

        Assert.Equal("Hit from edgecdn", sameKey.XCache());
        Assert.Equal(["v=1", "v=2"], origin.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task Query_AllExcept_NamedParametersDropped()
    {
        var (origin, edge) = await StartAsync(new JsonObject { ["QueryStrings"] = Part("allExcept", "utm_source") });
        await using var _ = origin;
        await using var __ = edge;

        await edge.GetAsync("/k.txt?utm_source=a&page=3");
        var sameKey = await edge.GetAsync("/k.txt?page=3&utm_source=zzz");

        Assert.Equal("Hit from edgecdn", sameKey.XCache());
        Assert.Equal(["page=3"], origin.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task Headers_AllowList_VariantsPerValue_OnlyKeyedHeadersReachOrigin()
    {
        var (origin, edge) = await StartAsync(new JsonObject { ["Headers"] = Part("allowList", "Accept-Language") });
        await using var _ = origin;
        await using var __ = edge;

        await edge.GetAsync("/k.txt", r => { r.Headers.Add("Accept-Language", "en"); r.Headers.Add("X-Custom", "1"); });
        await edge.GetAsync("/k.txt", r => r.Headers.Add("Accept-Language", "de"));
        var hit = await edge.GetAsync("/k.txt", r => r.Headers.Add("Accept-Language", "en"));

        Assert.Equal("Hit from edgecdn", hit.XCache());
        Assert.Equal(["en", "de"], origin.Requests.Select(r => r.Header("Accept-Language")));
        Assert.All(origin.Requests, r => Assert.Null(r.Header("X-Custom")));
    }

    [Fact]
    public async Task Cookies_AllowList_OnlyNamedCookiesKeyedAndForwarded_SetCookieKept()
    {
        var (origin, edge) = await StartAsync(new JsonObject { ["Cookies"] = Part("allowList", "lang") });
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/k.txt", "k", configure: o => { o.CacheControl = "max-age=600"; o.Headers["Set-Cookie"] = "seen=1"; });

        var first = await edge.GetAsync("/k.txt", r => r.Headers.Add("Cookie", "session=abc; lang=en"));
        var hit = await edge.GetAsync("/k.txt", r => r.Headers.Add("Cookie", "lang=en; session=other"));
        await edge.GetAsync("/k.txt", r => r.Headers.Add("Cookie", "lang=fr"));

        Assert.Equal("Hit from edgecdn", hit.XCache());
        Assert.Equal("seen=1", first.Header("Set-Cookie"));
        Assert.Equal(["lang=en", "lang=fr"], origin.Requests.Select(r => r.Header("Cookie")));
    }

    [Fact]
    public async Task Cookies_None_NotForwarded_AndSetCookieStripped()
    {
        var (origin, edge) = await StartAsync(new JsonObject());
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/k.txt", "k", configure: o => { o.CacheControl = "max-age=600"; o.Headers["Set-Cookie"] = "tracking=1"; });

        var response = await edge.GetAsync("/k.txt", r => r.Headers.Add("Cookie", "session=abc"));

        Assert.Null(response.Header("Set-Cookie"));
        Assert.Null(origin.LastFor("/k.txt").Header("Cookie"));
    }

    [Theory]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("gzip;q=1.0, br;q=0", "gzip")]
    [InlineData("deflate", null)]
    [InlineData(null, null)]
    public async Task AcceptEncoding_NormalisedBeforeKeyAndOrigin(string? viewer, string? forwarded)
    {
        var (origin, edge) = await StartAsync(new JsonObject());
        await using var _ = origin;
        await using var __ = edge;

        await edge.GetAsync("/k.txt", r => { if (viewer is not null) { r.Headers.TryAddWithoutValidation("Accept-Encoding", viewer); } });

        Assert.Equal(forwarded, origin.LastFor("/k.txt").Header("Accept-Encoding"));
    }

    [Fact]
    public async Task AcceptEncoding_VariantsCachedSeparately()
    {
        var (origin, edge) = await StartAsync(new JsonObject());
        await using var _ = origin;
        await using var __ = edge;

        await edge.GetAsync("/k.txt", r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "br"));
        await edge.GetAsync("/k.txt", r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip"));
        await edge.GetAsync("/k.txt");
        var brAgain = await edge.GetAsync("/k.txt", r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "deflate, br"));

        Assert.Equal("Hit from edgecdn", brAgain.XCache());
        Assert.Equal(3, origin.CountFor("/k.txt"));
    }

    [Fact]
    public async Task AcceptEncoding_PolicyWithoutCompression_OneVariant()
    {
        var (origin, edge) = await StartAsync(new JsonObject { ["EnableAcceptEncodingGzip"] = false, ["EnableAcceptEncodingBrotli"] = false });
        await using var _ = origin;
        await using var __ = edge;

        await edge.GetAsync("/k.txt", r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "br"));
        var hit = await edge.GetAsync("/k.txt", r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip"));

        Assert.Equal("Hit from edgecdn", hit.XCache());
        Assert.Null(origin.LastFor("/k.txt").Header("Accept-Encoding"));
    }
}
