using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Objects;

namespace EdgeCdn.Origin.Tests.Objects;

public sealed class ListingParametersTests
{
    [Theory]
    [InlineData("a b/c", "a+b/c")]
    [InlineData("x+y=z&w", "x%2By%3Dz%26w")]
    [InlineData("~tilde*star", "%7Etilde*star")]
    [InlineData("ü", "%C3%BC")]
    [InlineData("\u0001", "%01")]
    public void UrlEncode_AsS3(string value, string encoded) => Assert.Equal(encoded, ListingParameters.UrlEncode(value));

    [Fact]
    public void Tokens_RoundTrip_AndGarbageIsInvalidArgument()
    {
        Assert.Equal("photos/ü/2026", ListingParameters.DecodeToken(ListingParameters.EncodeToken("photos/ü/2026")));
        Assert.Equal("InvalidArgument", Assert.Throws<S3Exception>(() => ListingParameters.DecodeToken("bm90IGEgdG9rZW4=")).Code);
    }

    [Theory]
    [InlineData(null, 1000)]
    [InlineData("5", 5)]
    [InlineData("0", 0)]
    [InlineData("5000", 1000)]
    public void ParseMax_ClampsToTheLimit(string? text, int expected) => Assert.Equal(expected, ListingParameters.ParseMax(text, "max-keys", 1000));
}
