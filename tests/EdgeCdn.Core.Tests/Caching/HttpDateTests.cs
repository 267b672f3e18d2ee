using EdgeCdn.Core.Caching;

namespace EdgeCdn.Core.Tests.Caching;

public sealed class HttpDateTests
{
    /// <summary>RFC 9110 §5.6.7's three forms of the same instant.</summary>
    [Theory]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT")]
    [InlineData("Sunday, 06-Nov-94 08:49:37 GMT")]
    [InlineData("Sun Nov  6 08:49:37 1994")]
    public void TryParse_AllThreeForms(string text)
    {
        Assert.True(HttpDate.TryParse(text, out var date));
        Assert.Equal(new DateTimeOffset(1994, 11, 6, 8, 49, 37, TimeSpan.Zero), date);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("yesterday")]
    public void TryParse_Garbage_Fails(string text) => Assert.False(HttpDate.TryParse(text, out _));

    [Fact]
    public void Format_IsImfFixdate() =>
        Assert.Equal("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.Format(new DateTimeOffset(1994, 11, 6, 8, 49, 37, TimeSpan.Zero)));
}
