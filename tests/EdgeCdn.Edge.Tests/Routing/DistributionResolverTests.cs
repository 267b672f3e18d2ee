using EdgeCdn.Edge.Configuration;
using EdgeCdn.Edge.Routing;

namespace EdgeCdn.Edge.Tests.Routing;

public sealed class DistributionResolverTests
{
    private static Distribution Make(string id, params string[] aliases)
    {
        var behavior = new CacheBehavior
        {
            Pattern = new Core.Routing.PathPattern("*"),
            Target = new OriginTarget { Id = "o", Members = [], FailoverStatusCodes = [] },
            Policy = CachePolicy.Compile("p", new CachePolicyOptions()),
            ViewerProtocolPolicy = ViewerProtocolPolicy.AllowAll,
            PassMethods = [],
            Compress = true,
            SpaFallback = false,
            SpaDocument = "/index.html",
        };
        return new Distribution(id, aliases, null, [], behavior, []);
    }

    [Theory]
    [InlineData("cdn.example.test", "exact")]
    [InlineData("CDN.Example.Test:8443", "exact")]
    [InlineData("cdn.example.test.", "exact")]
    [InlineData("img.example.test", "wild")]
    [InlineData("a.img.example.test", "deeper")]
    [InlineData("b.a.img.example.test", "fallback")]
    [InlineData("[::1]:8080", "fallback")]
    [InlineData("", "fallback")]
    public void Find_ExactThenLongestWildcardThenCatchAll(string host, string expected)
    {
        var resolver = new DistributionResolver([Make("exact", "cdn.example.test"), Make("wild", "*.example.test"), Make("deeper", "*.img.example.test"), Make("fallback", "*")]);

        Assert.Equal(expected, resolver.Find(host)?.Id);
    }

    [Fact]
    public void Find_NoCatchAll_UnknownIsNull() =>
        Assert.Null(new DistributionResolver([Make("exact", "cdn.example.test")]).Find("other.test"));
}
