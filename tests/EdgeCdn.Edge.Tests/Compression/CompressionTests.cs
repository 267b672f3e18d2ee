using System.IO.Compression;
using System.Text;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Compression;

/// <summary>CloudFront-style edge compression: br preferred, gzip, compressible types of 1,000..10,000,000 bytes,
/// each variant cached on its own, strong ETags made weak.</summary>
public sealed class CompressionTests
{
    private static readonly string Html = "<html>" + string.Concat(Enumerable.Repeat("<p>edge cdn compression test</p>", 200)) + "</html>";

    private static async Task<(TestOrigin, EdgeTestHost)> StartAsync(bool compress = true)
    {
        var origin = await TestOrigin.StartAsync();
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        config.DefaultBehavior()["Compress"] = compress;
        return (origin, await EdgeTestHost.StartAsync(config, TestClock.Create()));
    }

    private static string Decompress(byte[] body, string encoding)
    {
        using Stream input = encoding == "br"
            ? new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var reader = new StreamReader(input, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, br", "br")]
    public async Task Get_CompressibleType_CompressedWithWeakETagAndVary(string acceptEncoding, string expected)
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        var item = origin.Put("/index.html", Html, "text/html; charset=utf-8", o => o.CacheControl = "max-age=600");

        var miss = await edge.GetAsync("/index.html", r => r.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding));
        var hit = await edge.GetAsync("/index.html", r => r.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding));

        foreach (var response in new[] { miss, hit })
        {
            Assert.Equal(expected, response.Header("Content-Encoding"));
            Assert.Equal("W/" + item.ETag, response.Header("ETag"));
            Assert.Contains("Accept-Encoding", response.Header("Vary"));
            var body = await response.BytesAsync();
            Assert.True(body.Length < Html.Length / 5, $"compressed to {body.Length} bytes");
            Assert.Equal(Html, Decompress(body, expected));
        }

        Assert.Equal(hit.Content.Headers.ContentLength, (await edge.GetAsync("/index.html", r => r.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding))).Content.Headers.ContentLength);
        Assert.Equal("Hit from edgecdn", hit.XCache());
        Assert.Equal(1, origin.CountFor("/index.html"));
    }

    [Fact]
    public async Task Get_IdentityViewer_GetsOriginalBytesAndStrongETag()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        var item = origin.Put("/index.html", Html, "text/html");

        var response = await edge.GetAsync("/index.html");

        Assert.Null(response.Header("Content-Encoding"));
        Assert.Equal(item.ETag, response.Header("ETag"));
        Assert.Equal(Html, await response.TextAsync());
    }

    [Theory]
    [InlineData("text/html", 999)]
    [InlineData("image/png", 50_000)]
    [InlineData("application/octet-stream", 50_000)]
    public async Task Get_TooSmallOrNotCompressible_SentAsIs(string contentType, int size)
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/f", new byte[size], contentType);

        var response = await edge.GetAsync("/f", r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip"));

        Assert.Null(response.Header("Content-Encoding"));
        Assert.Equal(size, (await response.BytesAsync()).Length);
    }

    [Fact]
    public async Task Get_OriginAlreadyCompressed_PassedThroughUntouched()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        var gzipped = new MemoryStream();
        await using (var gz = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(Html));
        }

        var item = origin.Put("/app.js", gzipped.ToArray(), "application/javascript", o => o.ContentEncoding = "gzip");

        var response = await edge.GetAsync("/app.js", r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip"));

        Assert.Equal("gzip", response.Header("Content-Encoding"));
        Assert.Equal(item.ETag, response.Header("ETag"));
        Assert.Equal(gzipped.ToArray(), await response.BytesAsync());
    }

    [Fact]
    public async Task Get_BehaviourCompressOff_NotCompressed()
    {
        var (origin, edge) = await StartAsync(compress: false);
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/index.html", Html, "text/html");

        var response = await edge.GetAsync("/index.html", r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "br"));

        Assert.Null(response.Header("Content-Encoding"));
        Assert.Equal(Html, await response.TextAsync());
    }
}
