using EdgeCdn.Edge.Compression;

namespace EdgeCdn.Edge.Tests.Compression;

public sealed class AcceptEncodingNormalizerTests
{
    [Theory]
    [InlineData("gzip, deflate, br", true, true, "br")]
    [InlineData("br;q=0.1, gzip;q=1", true, true, "br")]
    [InlineData("br;q=0, gzip", true, true, "gzip")]
    [InlineData("BR", true, true, "br")]
    [InlineData("x-gzip", true, true, "gzip")]
    [InlineData("gzip, br", false, true, "gzip")]
    [InlineData("br", false, true, "")]
    [InlineData("identity", true, true, "")]
    [InlineData("*", true, true, "")]
    [InlineData("", true, true, "")]
    public void Normalize(string header, bool brotli, bool gzip, string expected) =>
        Assert.Equal(expected, AcceptEncodingNormalizer.Normalize(header, brotli, gzip));

    [Theory]
    [InlineData("text/html; charset=utf-8", 5000, true)]
    [InlineData("application/javascript", 1000, true)]
    [InlineData("image/svg+xml", 10_000_000, true)]
    [InlineData("text/html", 999, false)]
    [InlineData("text/html", 10_000_001, false)]
    [InlineData("image/jpeg", 5000, false)]
    [InlineData(null, 5000, false)]
    public void CompressionPolicy_TypesAndSizes(string? type, long length, bool expected) =>
        Assert.Equal(expected, CompressionPolicy.ShouldCompress("br", type, null, length));

    [Fact]
    public void CompressionPolicy_AlreadyEncodedOrUnknownLength_NotCompressed()
    {
        Assert.False(CompressionPolicy.ShouldCompress("br", "text/html", "gzip", 5000));
        Assert.False(CompressionPolicy.ShouldCompress("br", "text/html", null, null));
        Assert.False(CompressionPolicy.ShouldCompress("", "text/html", null, 5000));
    }
}
