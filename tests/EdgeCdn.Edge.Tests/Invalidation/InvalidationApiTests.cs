using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Invalidation;

/// <summary>POST /_edgecdn/invalidations: CloudFront's path rules, admin token, ids and status.</summary>
public sealed class InvalidationApiTests
{
    private static async Task<(TestOrigin, EdgeTestHost)> StartAsync(bool queryInKey = false)
    {
        var origin = await TestOrigin.StartAsync();
        foreach (var path in new[] { "/a.txt", "/img/x.png", "/img/y/z.png", "/image.png", "/index.html" })
        {
            origin.Put(path, "v1 " + path, configure: o => o.CacheControl = "max-age=3600");
        }

        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        config.Distribution()["DefaultRootObject"] = "index.html";
        if (queryInKey)
        {
            config.WithPolicy(new JsonObject { ["QueryStrings"] = new JsonObject { ["Behavior"] = "all" } });
        }

        return (origin, await EdgeTestHost.StartAsync(config, TestClock.Create()));
    }

    private static Task<HttpResponseMessage> InvalidateAsync(EdgeTestHost edge, object body, string? token = EdgeConfig.AdminToken) =>
        edge.SendAsync(HttpMethod.Post, "/_edgecdn/invalidations", r =>
        {
            r.Content = JsonContent.Create(body);
            if (token is not null)
            {
                r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
        });

    [Fact]
    public async Task Invalidate_ExactPath_NextRequestGoesToOrigin_OthersStayCached()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        await edge.GetAsync("/a.txt");
        await edge.GetAsync("/image.png");
        origin.Put("/a.txt", "v2", configure: o => o.CacheControl = "max-age=3600");

        var created = await InvalidateAsync(edge, new { distributionId = "site", paths = new[] { "/a.txt" } });
        var after = await edge.GetAsync("/a.txt");
        var other = await edge.GetAsync("/image.png");

        Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal("v2", await after.TextAsync());
        Assert.Equal("Miss from edgecdn", after.XCache());
        Assert.Equal("Hit from edgecdn", other.XCache());
    }

    [Fact]
    public async Task Invalidate_Wildcard_PrefixMatch()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        foreach (var path in new[] { "/img/x.png", "/img/y/z.png", "/image.png" })
        {
            await edge.GetAsync(path);
        }

        await InvalidateAsync(edge, new { paths = new[] { "/img/*" } });

        Assert.Equal("Miss from edgecdn", (await edge.GetAsync("/img/x.png")).XCache());
        Assert.Equal("Miss from edgecdn", (await edge.GetAsync("/img/y/z.png")).XCache());
        Assert.Equal("Hit from edgecdn", (await edge.GetAsync("/image.png")).XCache());
    }

    [Fact]
    public async Task Invalidate_AllQueryVariantsAndTheRoot()
    {
        var (origin, edge) = await StartAsync(queryInKey: true);
        await using var _ = origin;
        await using var __ = edge;
        await edge.GetAsync("/a.txt?v=1");
        await edge.GetAsync("/a.txt?v=2");
        await edge.GetAsync("/");

        await InvalidateAsync(edge, new { paths = new[] { "/a.txt", "/index.html" } });

        Assert.Equal("Miss from edgecdn", (await edge.GetAsync("/a.txt?v=1")).XCache());
        Assert.Equal("Miss from edgecdn", (await edge.GetAsync("/a.txt?v=2")).XCache());
        Assert.Equal("Miss from edgecdn", (await edge.GetAsync("/")).XCache());
    }

    [Fact]
    public async Task Invalidate_ReturnsId_GetReportsCompleted_CallerReferenceIdempotent()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var created = await InvalidateAsync(edge, new { paths = new[] { "/a.txt", "/img/*" }, callerReference = "deploy-42" });
        var json = JsonDocument.Parse(await created.TextAsync()).RootElement;
        var id = json.GetProperty("id").GetString()!;
        var again = JsonDocument.Parse(await (await InvalidateAsync(edge, new { paths = new[] { "/a.txt" }, callerReference = "deploy-42" })).TextAsync()).RootElement;
        var status = await edge.GetAsync("/_edgecdn/invalidations/" + id, r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeConfig.AdminToken));
        var statusJson = JsonDocument.Parse(await status.TextAsync()).RootElement;

        Assert.Matches("^I[A-Z0-9]{13}$", id);
        Assert.Equal("/_edgecdn/invalidations/" + id, created.Headers.Location?.ToString());
        Assert.Equal(id, again.GetProperty("id").GetString());
        Assert.Equal(200, (int)status.StatusCode);
        Assert.Equal("Completed", statusJson.GetProperty("status").GetString());
        Assert.Equal(["/a.txt", "/img/*"], statusJson.GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(404, (int)(await edge.GetAsync("/_edgecdn/invalidations/INOSUCHTHING000", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeConfig.AdminToken))).StatusCode);
    }

    [Theory]
    [InlineData(null, 401)]
    [InlineData("wrong-token-wrong-token", 403)]
    public async Task Invalidate_WithoutValidToken_Refused(string? token, int status)
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        await edge.GetAsync("/a.txt");

        var response = await InvalidateAsync(edge, new { paths = new[] { "/a.txt" } }, token);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("Hit from edgecdn", (await edge.GetAsync("/a.txt")).XCache());
    }

    [Fact]
    public async Task Invalidate_BadPaths_400ListsEveryProblem()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var response = await InvalidateAsync(edge, new { paths = new[] { "a.txt", "/a*b", "/ok" } });
        var message = JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("message").GetString();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("'a.txt' must start with '/'", message);
        Assert.Contains("'/a*b': '*' may only be the last character", message);
    }

    [Theory]
    [InlineData("{\"paths\": []}")]
    [InlineData("{\"paths\": \"/a\"}")]
    [InlineData("not json")]
    [InlineData("{\"distributionId\": \"nope\", \"paths\": [\"/a\"]}")]
    public async Task Invalidate_MalformedRequest_4xx(string body)
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var response = await edge.SendAsync(HttpMethod.Post, "/_edgecdn/invalidations", r =>
        {
            r.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeConfig.AdminToken);
        });

        Assert.InRange((int)response.StatusCode, 400, 404);
    }
}
