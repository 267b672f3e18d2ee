using System.Text.Json.Nodes;
using EdgeCdn.Edge.Caching;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Serving;

/// <summary>Hostile and malformed requests: a clear 4xx, no crash, nothing cached that should not be.</summary>
public sealed class BadInputTests
{
    private static async Task<(TestOrigin, EdgeTestHost)> StartAsync(string alias = "*")
    {
        var origin = await TestOrigin.StartAsync();
        origin.Put("/page.html", "the real page", "text/html", o => o.CacheControl = "max-age=600");
        origin.Put("/secret", "must not leak");
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        config.Distribution()["Aliases"] = new JsonArray(alias);
        return (origin, await EdgeTestHost.StartAsync(config, TestClock.Create()));
    }

    private static string Get(string target, string host = "cdn.example.test", string extra = "") =>
        $"GET {target} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n";

    [Theory]
    [InlineData("/a/../secret")]
    [InlineData("/a/%2e%2e/secret")]
    [InlineData("/a/%2E%2E/secret")]
    [InlineData("/./secret")]
    [InlineData("/a/..%2fsecret")]
    public async Task PathTraversal_400_OriginNeverAsked(string target)
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var (status, _) = await RawHttp.SendAsync(edge.BaseUri, Get(target));

        Assert.Equal(400, status);
        Assert.Empty(origin.Requests);
    }

    [Theory]
    [InlineData("/page%00.html")]
    [InlineData("/page%0a.html")]
    [InlineData("/page%1e.html")]
    public async Task EncodedControlCharacter_400(string target)
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var (status, _) = await RawHttp.SendAsync(edge.BaseUri, Get(target));

        Assert.Equal(400, status);
        Assert.Empty(origin.Requests);
    }

    [Fact]
    public async Task AbsurdHeaderSize_431()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var (status, _) = await RawHttp.SendAsync(edge.BaseUri, Get("/page.html", extra: "X-Big: " + new string('a', 64 * 1024) + "\r\n"));
        var (manyStatus, _) = await RawHttp.SendAsync(edge.BaseUri, Get("/page.html",
            extra: string.Concat(Enumerable.Range(0, 150).Select(i => $"X-H{i}: v\r\n"))));

        Assert.Equal(431, status);
        Assert.Equal(431, manyStatus);
        Assert.Empty(origin.Requests);
    }

    [Fact]
    public async Task AbsurdUrlLength_414()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var (status, _) = await RawHttp.SendAsync(edge.BaseUri, Get("/" + new string('a', 20_000)));

        Assert.Equal(414, status);
    }

    [Fact]
    public async Task UnknownHost_421_KnownHostServed()
    {
        var (origin, edge) = await StartAsync(alias: "cdn.example.test");
        await using var _ = origin;
        await using var __ = edge;

        var (unknown, text) = await RawHttp.SendAsync(edge.BaseUri, Get("/page.html", host: "evil.example"));
        var (missing, _) = await RawHttp.SendAsync(edge.BaseUri, "GET /page.html HTTP/1.0\r\nConnection: close\r\n\r\n");
        var (known, _) = await RawHttp.SendAsync(edge.BaseUri, Get("/page.html", host: "CDN.example.test:443"));

        Assert.Equal(421, unknown);
        Assert.Contains("X-Cache: Error from edgecdn", text);
        Assert.Equal(421, missing);
        Assert.Equal(200, known);
        Assert.Single(origin.Requests);
    }

    [Fact]
    public async Task MalformedRange_416_NoCrash_NothingWrongCached()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var (status, _) = await RawHttp.SendAsync(edge.BaseUri, Get("/page.html", extra: "Range: bytes=--,,9-1\r\n"));
        var normal = await edge.GetAsync("/page.html");

        Assert.Equal(416, status);
        Assert.Equal("the real page", await normal.TextAsync());
        Assert.Equal(1, origin.CountFor("/page.html"));
    }

    [Fact]
    public async Task PoisoningThroughUnkeyedHeaders_NeitherForwardedNorChangingWhatOthersGet()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var attacker = await edge.GetAsync("/page.html", r =>
        {
            r.Headers.TryAddWithoutValidation("X-Forwarded-Host", "evil.example");
            r.Headers.TryAddWithoutValidation("X-Original-URL", "/secret");
            r.Headers.TryAddWithoutValidation("X-Rewrite-URL", "/secret");
            r.Headers.TryAddWithoutValidation("X-HTTP-Method-Override", "DELETE");
            r.Headers.TryAddWithoutValidation("X-Forwarded-Scheme", "nothttps");
        });
        var victim = await edge.GetAsync("/page.html");

        Assert.Equal("the real page", await attacker.TextAsync());
        Assert.Equal("the real page", await victim.TextAsync());
        Assert.Equal("Hit from edgecdn", victim.XCache());
        var received = Assert.Single(origin.Requests);
        Assert.Equal("GET", received.Method);
        Assert.Equal("/page.html", received.Path);
        foreach (var header in new[] { "X-Forwarded-Host", "X-Original-URL", "X-Rewrite-URL", "X-HTTP-Method-Override", "X-Forwarded-Scheme" })
        {
            Assert.Null(received.Header(header));
        }
    }

    [Fact]
    public async Task KeyedHeaderWithControlCharacter_NeverCached()
    {
        var origin = await TestOrigin.StartAsync();
        await using var _ = origin;
        origin.Put("/v.txt", "v", configure: o => o.CacheControl = "max-age=600");
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri).WithPolicy(new JsonObject
        {
            ["Headers"] = new JsonObject { ["Behavior"] = "allowList", ["Names"] = new JsonArray("Accept-Language") },
        });
        await using var edge = await EdgeTestHost.StartAsync(config, TestClock.Create());

        // A tab is legal in a header value but is a control character: such a key part could collide, so the
        // request is served without being cached.
        var (status, _) = await RawHttp.SendAsync(edge.BaseUri, Get("/v.txt", extra: "Accept-Language: en\tde\r\n"));
        await RawHttp.SendAsync(edge.BaseUri, Get("/v.txt", extra: "Accept-Language: en\tde\r\n"));

        Assert.Equal(200, status);
        Assert.Equal(2, origin.CountFor("/v.txt"));
        Assert.Equal(0, edge.GetService<ICacheStore>().Count);
    }
}
