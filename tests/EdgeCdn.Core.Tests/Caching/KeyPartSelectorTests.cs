using EdgeCdn.Core.Caching;

namespace EdgeCdn.Core.Tests.Caching;

public sealed class KeyPartSelectorTests
{
    [Theory]
    [InlineData(KeyPartBehavior.None, "a=1&b=2&c=3", "")]
    [InlineData(KeyPartBehavior.All, "b=2&a=1", "b=2&a=1")]
    [InlineData(KeyPartBehavior.AllowList, "c=3&a=1&b=2", "c=3&a=1")]
    [InlineData(KeyPartBehavior.AllExcept, "c=3&a=1&b=2", "b=2")]
    [InlineData(KeyPartBehavior.AllowList, "A=1", "")]
    [InlineData(KeyPartBehavior.AllowList, "%61=1&x", "%61=1")]
    public void FilterQuery_KeepsSelectedInViewerOrder(KeyPartBehavior behavior, string query, string expected)
    {
        var selector = new KeyPartSelector(behavior, ["a", "c"], ignoreCase: false);
        Assert.Equal(expected, selector.FilterQuery(query));
    }

    [Fact]
    public void FilterQuery_AllKept_ReturnsSameInstance()
    {
        var query = "a=1&c=2";
        Assert.Same(query, new KeyPartSelector(KeyPartBehavior.AllowList, ["a", "c"], false).FilterQuery(query));
    }

    [Fact]
    public void FilterCookies_KeepsSelected()
    {
        var selector = new KeyPartSelector(KeyPartBehavior.AllowList, ["session", "lang"], ignoreCase: false);
        Assert.Equal("lang=en; session=1", selector.FilterCookies("tracking=x; lang=en;session=1"));
        Assert.Equal(string.Empty, selector.FilterCookies(null));
    }

    [Fact]
    public void Includes_HeadersIgnoreCase()
    {
        var selector = new KeyPartSelector(KeyPartBehavior.AllowList, ["Accept-Language"], ignoreCase: true);
        Assert.True(selector.Includes("accept-language"));
        Assert.False(selector.Includes("x-forwarded-host"));
    }
}
