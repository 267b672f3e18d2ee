using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Serving;

/// <summary>Default root object, and SPA fallback that only page navigations get.</summary>
public sealed class SpaAndRootTests
{
    private const string Index = "<!doctype html><div id=root></div>";

    private static async Task<(TestOrigin, EdgeTestHost)> StartAsync(bool spa = true)
    {
        var origin = await TestOrigin.StartAsync();
        origin.Put("/index.html", Index, "text/html", o => o.CacheControl = "no-cache");
        origin.Put("/assets/app.123.js", "console.log(1)", "application/javascript", o => o.CacheControl = "max-age=31536000, immutable");
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        config.Distribution()["DefaultRootObject"] = "index.html";
        config.DefaultBehavior()["SpaFallback"] = spa;
        return (origin, await EdgeTestHost.StartAsync(config, TestClock.Create()));
    }

    [Fact]
    public async Task Root_ServesDefaultRootObject_SharedWithItsOwnPath()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/index.html", Index, "text/html", o => o.CacheControl = "max-age=60");

        var root = await edge.GetAsync("/");
        var direct = await edge.GetAsync("/index.html");

        Assert.Equal(Index, await root.TextAsync());
        Assert.Equal("Hit from edgecdn", direct.XCache());
        Assert.Equal(1, origin.CountFor("/index.html"));
        Assert.Equal(0, origin.CountFor("/"));
    }

    [Theory]
    [InlineData("/dashboard/settings")]
    [InlineData("/users/42")]
    [InlineData("/about")]
    public async Task Navigation_ToClientRoute_GetsIndexWith200(string path)
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var response = await edge.GetAsync(path, r => r.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(Index, await response.TextAsync());
        Assert.Equal(1, origin.CountFor(path));
        Assert.Equal(1, origin.CountFor("/index.html"));
    }

    [Theory]
    [InlineData("/assets/app.456.js", "*/*")]
    [InlineData("/assets/app.456.js", "text/html")]
    [InlineData("/favicon.ico", "image/*")]
    [InlineData("/dashboard", "application/json")]
    [InlineData("/dashboard", null)]
    public async Task NotANavigation_MissStaysA404(string path, string? accept)
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var response = await edge.GetAsync(path, r => { if (accept is not null) { r.Headers.TryAddWithoutValidation("Accept", accept); } });

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("Error from edgecdn", response.XCache());
        Assert.Equal(0, origin.CountFor("/index.html"));
    }

    [Fact]
    public async Task Navigation_WithSpaOff_404()
    {
        var (origin, edge) = await StartAsync(spa: false);
        await using var _ = origin;
        await using var __ = edge;

        var response = await edge.GetAsync("/dashboard", r => r.Headers.TryAddWithoutValidation("Accept", "text/html"));

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Navigation_ExistingAsset_ServedNormally()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var response = await edge.GetAsync("/assets/app.123.js", r => r.Headers.TryAddWithoutValidation("Accept", "text/html"));

        Assert.Equal("console.log(1)", await response.TextAsync());
    }
}
