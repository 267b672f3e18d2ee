using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using EdgeCdn.Core.Signing;
using EdgeCdn.TestCommon;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.IntegrationTests.Chain;

/// <summary>
/// The whole chain on loopback: the real S3 origin with a private bucket, the real edge node signing its fills.
/// Each test asserts what the viewer sees and what the origin received (how many requests, which conditional
/// headers, and that every one carried a valid SigV4 signature). TTLs run on a manual clock; the origin's clock
/// is moved with it so that the edge's signatures stay within S3's 15-minute skew.
/// </summary>
[Collection(ChainCollection.Name)]
public sealed class FullChainTests(ChainFixture fixture) : IAsyncLifetime
{
    private readonly ChainOrigin _origin = fixture.Origin;
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly string _bucket = "chain-" + Guid.NewGuid().ToString("N")[..12];
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _s3 = _origin.Client();
        await _s3.PutBucketAsync(_bucket);
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PrivateBucket_UnsignedDirectGetRefused_SameObjectThroughEdgeServed()
    {
        await PutAsync("docs/report.txt", "quarterly figures");
        await using var edge = await StartEdgeAsync();

        using var http = new HttpClient();
        http.DefaultRequestHeaders.UserAgent.ParseAdd(ChainOrigin.DirectViewerAgent);
        using var direct = await http.GetAsync(new Uri(_origin.BaseUri, $"/{_bucket}/docs/report.txt"));
        using var viaEdge = await edge.GetAsync("/docs/report.txt");

        Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);
        Assert.Contains("<Code>AccessDenied</Code>", await direct.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, viaEdge.StatusCode);
        Assert.Equal("quarterly figures", await viaEdge.Content.ReadAsStringAsync());
        var fill = Assert.Single(_origin.FromEdge(_bucket, "docs/report.txt"));
        var check = _origin.Verify(fill);
        Assert.True(check.IsValid, check.ToString());
        Assert.Equal(SignatureForm.HeaderV4, check.Form);
    }

    [Fact]
    public async Task SecondViewer_IsServedFromCache_OriginAskedOnce()
    {
        await PutAsync("index.html", "<h1>home</h1>", cacheControl: "max-age=300");
        await using var edge = await StartEdgeAsync();

        using var first = await edge.GetAsync("/index.html");
        _clock.Advance(TimeSpan.FromSeconds(42));
        using var second = await edge.GetAsync("/index.html");

        Assert.StartsWith("Miss from edgecdn", Header(first, "X-Cache"), StringComparison.Ordinal);
        Assert.StartsWith("Hit from edgecdn", Header(second, "X-Cache"), StringComparison.Ordinal);
        Assert.Equal("42", Header(second, "Age"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Single(_origin.FromEdge(_bucket, "index.html"));
    }

    [Fact]
    public async Task ExpiredObject_RevalidatedWithETag_304GivesRefreshHit()
    {
        var etag = await PutAsync("app.css", "body{}", cacheControl: "max-age=60");
        await using var edge = await StartEdgeAsync();
        using var first = await edge.GetAsync("/app.css");

        Advance(TimeSpan.FromSeconds(61));
        using var refreshed = await edge.GetAsync("/app.css");

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.StartsWith("RefreshHit from edgecdn", Header(refreshed, "X-Cache"), StringComparison.Ordinal);
        Assert.Equal("body{}", await refreshed.Content.ReadAsStringAsync());
        var fills = _origin.FromEdge(_bucket, "app.css");
        Assert.Equal(2, fills.Count);
        Assert.Null(fills[0].GetHeader("if-none-match"));
        Assert.Equal(etag, fills[1].GetHeader("if-none-match"));
        Assert.All(fills, f => Assert.True(_origin.Verify(f).IsValid));
    }

    [Fact]
    public async Task ExpiredObjectChangedAtOrigin_NewContentServed()
    {
        await PutAsync("news.html", "old", cacheControl: "max-age=10");
        await using var edge = await StartEdgeAsync();
        using var first = await edge.GetAsync("/news.html");
        await PutAsync("news.html", "new", cacheControl: "max-age=10");

        using var stillCached = await edge.GetAsync("/news.html");
        Advance(TimeSpan.FromSeconds(11));
        using var after = await edge.GetAsync("/news.html");

        Assert.Equal("old", await stillCached.Content.ReadAsStringAsync());
        Assert.Equal("new", await after.Content.ReadAsStringAsync());
        Assert.StartsWith("Miss from edgecdn", Header(after, "X-Cache"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HundredConcurrentViewers_OneOriginFetch_IdenticalBodies()
    {
        var payload = RandomNumberGenerator.GetBytes(1024 * 1024);
        await PutAsync("big/movie.bin", payload);
        await using var edge = await StartEdgeAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var response = await edge.GetAsync("/big/movie.bin");
            return (response.StatusCode, Body: await response.Content.ReadAsByteArrayAsync());
        }));

        Assert.All(responses, r =>
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(payload, r.Body);
        });
        Assert.Single(_origin.FromEdge(_bucket, "big/movie.bin"));
    }

    [Fact]
    public async Task Invalidation_ChangedObjectServedAtOnce()
    {
        await PutAsync("site/index.html", "v1", cacheControl: "max-age=86400");
        await using var edge = await StartEdgeAsync();
        using var v1 = await edge.GetAsync("/site/index.html");
        await PutAsync("site/index.html", "v2", cacheControl: "max-age=86400");

        using var create = await edge.SendAsync(HttpMethod.Post, "/_edgecdn/invalidations", r =>
        {
            r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeConfig.AdminToken);
            r.Content = new StringContent("""{"paths":["/site/*"]}""", Encoding.UTF8, "application/json");
        });
        using var v2 = await edge.GetAsync("/site/index.html");

        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Equal("v1", await v1.Content.ReadAsStringAsync());
        Assert.Equal("v2", await v2.Content.ReadAsStringAsync());
        Assert.Equal(2, _origin.FromEdge(_bucket, "site/index.html").Count);
    }

    [Fact]
    public async Task MissingObject_404CachedForTenSeconds_ThenAskedAgain()
    {
        await using var edge = await StartEdgeAsync();

        using var first = await edge.GetAsync("/nope.txt");
        using var cached = await edge.GetAsync("/nope.txt");
        Advance(TimeSpan.FromSeconds(11));
        using var again = await edge.GetAsync("/nope.txt");

        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cached.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(2, _origin.FromEdge(_bucket, "nope.txt").Count);
    }

    [Fact]
    public async Task RangesAndConditionals_AnsweredFromCache()
    {
        var etag = await PutAsync("data.txt", "0123456789abcdef");
        await using var edge = await StartEdgeAsync();
        using var warm = await edge.GetAsync("/data.txt");

        using var range = await edge.GetAsync("/data.txt", r => r.Headers.Range = new RangeHeaderValue(4, 7));
        using var notModified = await edge.GetAsync("/data.txt", r => r.Headers.TryAddWithoutValidation("If-None-Match", etag));
        using var head = await edge.SendAsync(HttpMethod.Head, "/data.txt");

        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal("4567", await range.Content.ReadAsStringAsync());
        Assert.Equal("bytes 4-7/16", range.Content.Headers.ContentRange!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(16, head.Content.Headers.ContentLength);
        Assert.Single(_origin.FromEdge(_bucket, "data.txt"));
    }

    [Fact]
    public async Task SpaFallback_PageNavigationGetsTheApp_MissingAssetStays404()
    {
        await PutAsync("index.html", "<div id=root></div>", cacheControl: "no-cache");
        await using var edge = await StartEdgeAsync(config =>
        {
            config.Distribution()["DefaultRootObject"] = "index.html";
            config.DefaultBehavior()["SpaFallback"] = true;
        });

        using var root = await edge.GetAsync("/");
        using var route = await edge.GetAsync("/docs/caching", r => r.Headers.Accept.ParseAdd("text/html,application/xhtml+xml"));
        using var asset = await edge.GetAsync("/assets/app.123.js", r => r.Headers.Accept.ParseAdd("*/*"));

        Assert.Equal("<div id=root></div>", await root.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, route.StatusCode);
        Assert.Equal("<div id=root></div>", await route.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, asset.StatusCode);
    }

    [Fact]
    public async Task KeysNeedingEscapes_SignedAndServed()
    {
        const string key = "photos/2026 summer/ünïcödé + friends (1).txt";
        await PutAsync(key, "escaped");
        await using var edge = await StartEdgeAsync();

        using var response = await edge.GetAsync("/" + UriEncoding.Encode(key, keepSlash: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("escaped", await response.Content.ReadAsStringAsync());
        Assert.True(_origin.Verify(Assert.Single(_origin.FromEdge(_bucket, key))).IsValid);
    }

    private Task<EdgeTestHost> StartEdgeAsync(Action<JsonObject>? edit = null) =>
        EdgeTestHost.StartForBucketAsync(_origin.BaseUri, _bucket, ChainOrigin.Root, time: _clock, edit: edit);

    private void Advance(TimeSpan by)
    {
        _clock.Advance(by);
        _origin.Clock.Offset += by;
    }

    private Task<string> PutAsync(string key, string body, string? cacheControl = null) => PutAsync(key, Encoding.UTF8.GetBytes(body), cacheControl);

    private async Task<string> PutAsync(string key, byte[] body, string? cacheControl = null)
    {
        var request = new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = new MemoryStream(body) };
        if (cacheControl is not null)
        {
            request.Headers.CacheControl = cacheControl;
        }

        return (await _s3.PutObjectAsync(request)).ETag;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
