using System.Net.Http.Headers;
using System.Text;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Serving;

/// <summary>Byte ranges served from the cached object: 206, multipart/byteranges, 416, If-Range.</summary>
public sealed class RangeTests
{
    private static readonly byte[] Body = [.. Enumerable.Range(0, 10_000).Select(i => (byte)(i % 251))];

    private static async Task<(TestOrigin, EdgeTestHost)> StartAsync()
    {
        var origin = await TestOrigin.StartAsync();
        origin.Put("/r.bin", Body, configure: o => o.CacheControl = "max-age=600");
        return (origin, await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create()));
    }

    [Fact]
    public async Task SingleRange_OnMiss_FullObjectFetchedAndStored_206Served()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var partial = await edge.GetAsync("/r.bin", r => r.Headers.Range = new RangeHeaderValue(100, 199));
        var full = await edge.GetAsync("/r.bin");

        Assert.Equal(206, (int)partial.StatusCode);
        Assert.Equal("bytes 100-199/10000", partial.Content.Headers.ContentRange?.ToString());
        Assert.Equal(Body[100..200], await partial.BytesAsync());
        Assert.Null(origin.LastFor("/r.bin").Header("Range"));
        Assert.Equal("Hit from edgecdn", full.XCache());
        Assert.Equal(Body, await full.BytesAsync());
        Assert.Equal(1, origin.CountFor("/r.bin"));
    }

    [Theory]
    [InlineData("bytes=-100", 9900, 9999)]
    [InlineData("bytes=9990-", 9990, 9999)]
    [InlineData("bytes=0-99999", 0, 9999)]
    public async Task SingleRange_FromCache(string range, int first, int last)
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        await edge.GetAsync("/r.bin");

        var response = await edge.GetAsync("/r.bin", r => r.Headers.TryAddWithoutValidation("Range", range));

        Assert.Equal(206, (int)response.StatusCode);
        Assert.Equal($"bytes {first}-{last}/10000", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(Body[first..(last + 1)], await response.BytesAsync());
        Assert.Equal("Hit from edgecdn", response.XCache());
    }

    [Fact]
    public async Task MultipleRanges_MultipartByteranges()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        await edge.GetAsync("/r.bin");

        var response = await edge.GetAsync("/r.bin", r => r.Headers.TryAddWithoutValidation("Range", "bytes=0-9, 5000-5004"));

        Assert.Equal(206, (int)response.StatusCode);
        var contentType = response.Content.Headers.ContentType!;
        Assert.Equal("multipart/byteranges", contentType.MediaType);
        var boundary = contentType.Parameters.Single(p => p.Name == "boundary").Value!;
        var text = Encoding.Latin1.GetString(await response.BytesAsync());
        var parts = text.Split("--" + boundary, StringSplitOptions.None);
        Assert.Equal(4, parts.Length);
        Assert.Equal("--\r\n", parts[3]);
        AssertPart(parts[1], "bytes 0-9/10000", Body[0..10]);
        AssertPart(parts[2], "bytes 5000-5004/10000", Body[5000..5005]);
        Assert.Equal(response.Content.Headers.ContentLength, Encoding.Latin1.GetByteCount(text));

        static void AssertPart(string part, string contentRange, byte[] expected)
        {
            var split = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            Assert.Contains("Content-Range: " + contentRange, part[..split]);
            Assert.Contains("Content-Type: application/octet-stream", part[..split]);
            Assert.Equal(expected, Encoding.Latin1.GetBytes(part[(split + 4)..^2]));
        }
    }

    [Theory]
    [InlineData("bytes=20000-")]
    [InlineData("bytes=abc")]
    [InlineData("bytes=5-1")]
    [InlineData("bytes=")]
    public async Task UnsatisfiableOrMalformed_416_AndCacheUnharmed(string range)
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var response = await edge.GetAsync("/r.bin", r => r.Headers.TryAddWithoutValidation("Range", range));
        var after = await edge.GetAsync("/r.bin");

        Assert.Equal(416, (int)response.StatusCode);
        Assert.Equal("bytes */10000", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(200, (int)after.StatusCode);
        Assert.Equal(Body, await after.BytesAsync());
        Assert.Equal(1, origin.CountFor("/r.bin"));
    }

    [Fact]
    public async Task OtherRangeUnit_Ignored_FullResponse()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;

        var response = await edge.GetAsync("/r.bin", r => r.Headers.TryAddWithoutValidation("Range", "items=0-5"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(10_000, (await response.BytesAsync()).Length);
    }

    [Fact]
    public async Task IfRange_Matching_206_Stale_200Full()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        var etag = (await edge.GetAsync("/r.bin")).Header("ETag")!;

        var matching = await edge.GetAsync("/r.bin", r => { r.Headers.Range = new RangeHeaderValue(0, 0); r.Headers.TryAddWithoutValidation("If-Range", etag); });
        var stale = await edge.GetAsync("/r.bin", r => { r.Headers.Range = new RangeHeaderValue(0, 0); r.Headers.TryAddWithoutValidation("If-Range", "\"other\""); });

        Assert.Equal(206, (int)matching.StatusCode);
        Assert.Equal(200, (int)stale.StatusCode);
        Assert.Equal(10_000, (await stale.BytesAsync()).Length);
    }

    [Fact]
    public async Task Head_WithRange_HeadersOnly()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        await edge.GetAsync("/r.bin");

        var response = await edge.SendAsync(HttpMethod.Head, "/r.bin", r => r.Headers.Range = new RangeHeaderValue(10, 19));

        Assert.Equal(206, (int)response.StatusCode);
        Assert.Equal(10, response.Content.Headers.ContentLength);
        Assert.Empty(await response.BytesAsync());
    }
}
