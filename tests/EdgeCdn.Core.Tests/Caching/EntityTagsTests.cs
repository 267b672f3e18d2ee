using EdgeCdn.Core.Caching;

namespace EdgeCdn.Core.Tests.Caching;

public sealed class EntityTagsTests
{
    /// <summary>RFC 9110 §8.8.3.2's comparison table.</summary>
    [Theory]
    [InlineData("W/\"1\"", "W/\"1\"", false, true)]
    [InlineData("W/\"1\"", "W/\"1\"", true, false)]
    [InlineData("W/\"1\"", "W/\"2\"", false, false)]
    [InlineData("W/\"1\"", "\"1\"", false, true)]
    [InlineData("W/\"1\"", "\"1\"", true, false)]
    [InlineData("\"1\"", "\"1\"", true, true)]
    public void ListMatches_WeakAndStrongComparison(string list, string etag, bool strong, bool expected)
    {
        Assert.Equal(expected, EntityTags.ListMatches(list, etag, weak: !strong));
    }

    [Theory]
    [InlineData("\"a\", \"b\", W/\"c\"", "\"c\"", true)]
    [InlineData("*", "\"x\"", true)]
    [InlineData("\"a\",,garbage, \"x\"", "\"x\"", true)]
    [InlineData("\"a\"", "\"b\"", false)]
    [InlineData("*", "", false)]
    public void ListMatches_Lists(string list, string etag, bool expected) =>
        Assert.Equal(expected, EntityTags.ListMatches(list, etag, weak: true));

    [Fact]
    public void ToWeak_AddsPrefixOnce()
    {
        Assert.Equal("W/\"x\"", EntityTags.ToWeak("\"x\""));
        Assert.Equal("W/\"x\"", EntityTags.ToWeak("W/\"x\""));
    }
}
