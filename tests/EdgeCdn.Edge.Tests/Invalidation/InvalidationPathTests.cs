using EdgeCdn.Edge.Invalidation;

namespace EdgeCdn.Edge.Tests.Invalidation;

public sealed class InvalidationPathTests
{
    [Theory]
    [InlineData("/images/a.jpg", "/images/a.jpg", true)]
    [InlineData("/images/a.jpg", "/images/A.jpg", false)]
    [InlineData("/images/*", "/images/sub/a.jpg", true)]
    [InlineData("/images/image*", "/images/image1.jpg", true)]
    [InlineData("/images/image*", "/images/photo.jpg", false)]
    [InlineData("/*", "/anything", true)]
    [InlineData("/a%20b.html", "/a b.html", true)]
    [InlineData("/a.jpg?v=1", "/a.jpg", true)]
    public void Matches_CloudFrontRules(string path, string objectPath, bool expected)
    {
        Assert.True(InvalidationPath.TryParse(path, out var parsed, out _));
        Assert.Equal(expected, parsed!.Matches(objectPath));
    }

    [Theory]
    [InlineData("images/a.jpg")]
    [InlineData("/a*b")]
    [InlineData("/**")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("/a%00b")]
    public void TryParse_Invalid(string? path) => Assert.False(InvalidationPath.TryParse(path, out _, out _));
}
