using EdgeCdn.Core.Routing;

namespace EdgeCdn.Core.Tests.Routing;

public sealed class PathPatternTests
{
    [Theory]
    [InlineData("*", "/anything/at/all", true)]
    [InlineData("/images/*.jpg", "/images/a.jpg", true)]
    [InlineData("/images/*.jpg", "/images/sub/dir/a.jpg", true)]
    [InlineData("/images/*.jpg", "/images/a.JPG", false)]
    [InlineData("/images/*.jpg", "/Images/a.jpg", false)]
    [InlineData("images/*.jpg", "/images/a.jpg", true)]
    [InlineData("/a?c", "/abc", true)]
    [InlineData("/a?c", "/ac", false)]
    [InlineData("/a?c", "/abbc", false)]
    [InlineData("/api/*", "/api/", true)]
    [InlineData("/api/*", "/api", false)]
    [InlineData("/*.html", "/index.html", true)]
    [InlineData("/*.html", "/index.html.bak", false)]
    [InlineData("/a*b*c", "/aXXbYYbZZc", true)]
    [InlineData("/a*b*c", "/aXXbYYbZZ", false)]
    [InlineData("/exact.txt", "/exact.txt", true)]
    [InlineData("/exact.txt", "/exact.txt2", false)]
    public void IsMatch_CloudFrontRules(string pattern, string path, bool expected) =>
        Assert.Equal(expected, new PathPattern(pattern).IsMatch(path));

    [Fact]
    public void IsMatch_PathologicalPattern_FinishesQuickly()
    {
        var pattern = new PathPattern("/" + string.Concat(Enumerable.Repeat("*a", 20)) + "b");
        Assert.False(pattern.IsMatch("/" + new string('a', 4000)));
    }
}
