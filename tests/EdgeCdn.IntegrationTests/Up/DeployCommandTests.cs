using System.Net;
using Amazon.S3.Model;
using EdgeCdn.TestCommon;

namespace EdgeCdn.IntegrationTests.Up;

/// <summary>
/// `edgecdn deploy` of a real Vite/React build into the chain `edgecdn up` runs: the app is served by every edge
/// with the right caching, and a changed build is seen at once on every edge while unchanged fingerprinted
/// assets stay cached.
/// </summary>
public sealed class DeployCommandTests(ReactSpaBuild build) : IClassFixture<ReactSpaBuild>
{
    [Fact]
    public async Task Deploy_ReactBuild_ServedByEveryEdge_ThenChangedHtmlInvalidatedWhileAssetsStayCached()
    {
        using var data = new TempDirectory("edgecdn-deploy");
        await using var chain = await LocalChain.StartAsync(data.Path);
        var dist = data.Combine("dist");
        CopyDirectory(build.Dist, dist);
        var asset = "/assets/" + Path.GetFileName(Directory.EnumerateFiles(Path.Combine(dist, "assets"), "*.js").Single());

        var (code, output) = await chain.RunCliAsync("deploy", dist, "--bucket", "demo");
        Assert.True(code == 0, output);
        Assert.Contains("uploaded 3 file(s)", output, StringComparison.Ordinal);

        using var s3 = chain.S3();
        var head = await s3.GetObjectMetadataAsync("demo", asset[1..]);
        Assert.Equal("public, max-age=31536000, immutable", head.Headers.CacheControl);
        Assert.StartsWith("text/javascript", head.Headers.ContentType, StringComparison.Ordinal);
        Assert.Equal("no-cache", (await s3.GetObjectMetadataAsync("demo", "index.html")).Headers.CacheControl);

        using var http = new HttpClient();
        foreach (var edge in chain.EdgeUrls)
        {
            using var page = await http.GetAsync(edge);
            Assert.Contains(asset, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var js = await http.GetAsync(new Uri(edge, asset));
            Assert.Equal(HttpStatusCode.OK, js.StatusCode);
            using var route = new HttpRequestMessage(HttpMethod.Get, new Uri(edge, "/docs/caching"));
            route.Headers.Accept.ParseAdd("text/html");
            using var routed = await http.SendAsync(route);
            Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
            Assert.Contains("<div id=\"root\">", await routed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var missing = await http.GetAsync(new Uri(edge, "/assets/index-missing1.js"));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // A new build: the HTML changed, the fingerprinted assets did not.
        var html = Path.Combine(dist, "index.html");
        await File.WriteAllTextAsync(html, (await File.ReadAllTextAsync(html)).Replace("<title>EdgeCdn SPA example</title>", "<title>EdgeCdn SPA example v2</title>", StringComparison.Ordinal));
        (code, output) = await chain.RunCliAsync("deploy", dist, "--bucket", "demo", "--delete");
        Assert.True(code == 0, output);
        Assert.Contains("uploaded 1 file(s)", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split('\n').Count(l => l.StartsWith("invalidated ", StringComparison.Ordinal)));

        foreach (var edge in chain.EdgeUrls)
        {
            using var page = await http.GetAsync(edge);
            Assert.Contains("EdgeCdn SPA example v2", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var js = await http.GetAsync(new Uri(edge, asset));
            Assert.StartsWith("Hit", js.Headers.GetValues("X-Cache").Single(), StringComparison.Ordinal);
            using var list = new HttpRequestMessage(HttpMethod.Get, new Uri(edge, "/_edgecdn/invalidations"));
            list.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", chain.AdminToken);
            using var invalidations = await http.SendAsync(list);
            var recorded = await invalidations.Content.ReadAsStringAsync();
            Assert.Contains("/index.html", recorded, StringComparison.Ordinal);
            Assert.DoesNotContain(asset, recorded, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Deploy_DryRun_ChangesNothing()
    {
        using var data = new TempDirectory("edgecdn-deploy");
        await using var chain = await LocalChain.StartAsync(data.Path, edges: 1);

        var (code, output) = await chain.RunCliAsync("deploy", build.Dist, "--bucket", "demo", "--prefix", "dry", "--dry-run");

        Assert.True(code == 0, output);
        Assert.Contains("would upload 3 file(s)", output, StringComparison.Ordinal);
        using var s3 = chain.S3();
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "demo", Prefix = "dry/" });
        Assert.Empty(listed.S3Objects ?? []);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
