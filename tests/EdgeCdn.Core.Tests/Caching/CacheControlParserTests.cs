using EdgeCdn.Core.Caching;

namespace EdgeCdn.Core.Tests.Caching;

public sealed class CacheControlParserTests
{
    [Fact]
    public void Parse_TypicalResponse_ReadsEveryDirective()
    {
        var cc = CacheControlParser.Parse("public, max-age=60, s-maxage=120, stale-while-revalidate=30, stale-if-error=600, must-revalidate, immutable");

        Assert.True(cc.IsPresent);
        Assert.True(cc.Public);
        Assert.Equal(TimeSpan.FromSeconds(60), cc.MaxAge);
        Assert.Equal(TimeSpan.FromSeconds(120), cc.SharedMaxAge);
        Assert.Equal(TimeSpan.FromSeconds(30), cc.StaleWhileRevalidate);
        Assert.Equal(TimeSpan.FromSeconds(600), cc.StaleIfError);
        Assert.True(cc.MustRevalidate);
        Assert.True(cc.Immutable);
        Assert.False(cc.NoStore);
    }

    [Theory]
    [InlineData("NO-STORE", true, false, false)]
    [InlineData("no-cache=\"Set-Cookie, X-Foo\", private", false, true, true)]
    [InlineData("Private", false, false, true)]
    public void Parse_NamesAreCaseInsensitive_AndQuotedCommasStayInside(string value, bool noStore, bool noCache, bool isPrivate)
    {
        var cc = CacheControlParser.Parse(value);

        Assert.Equal(noStore, cc.NoStore);
        Assert.Equal(noCache, cc.NoCache);
        Assert.Equal(isPrivate, cc.Private);
    }

    [Theory]
    [InlineData("max-age=abc", 0)]
    [InlineData("max-age=", 0)]
    [InlineData("max-age=\"30\"", 30)]
    [InlineData("max-age = 45", 45)]
    [InlineData("max-age=99999999999999999999", 2147483648)]
    public void Parse_DeltaSeconds_InvalidIsZeroAndHugeIsCapped(string value, long seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CacheControlParser.Parse(value).MaxAge);
    }

    [Fact]
    public void Parse_Empty_IsNotPresent()
    {
        var cc = CacheControlParser.Parse(" , ");
        Assert.False(cc.IsPresent);
        Assert.Null(cc.MaxAge);
    }
}
