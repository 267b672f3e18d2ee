using EdgeCdn.Core.Caching;

namespace EdgeCdn.Core.Tests.Caching;

public sealed class CacheKeyBuilderTests
{
    [Fact]
    public void Build_SectionsAndItems()
    {
        var builder = new CacheKeyBuilder(stackalloc char[8]);
        builder.AppendRaw(CacheKeyBuilder.DistributionPrefix("site"));
        builder.AppendValue("/a/b.html");
        builder.AppendSection();
        builder.AppendValue("x=1");
        builder.AppendSection();
        builder.AppendItem("accept-language", "en");
        builder.AppendItem("x-device", "mobile");

        Assert.True(builder.IsCacheable);
        Assert.Equal("site\u001e/a/b.html\u001ex=1\u001eaccept-language=en\u001fx-device=mobile", builder.ToString());
        builder.Dispose();
    }

    [Theory]
    [InlineData("/a\u001e/b")]
    [InlineData("/a\u001fb")]
    [InlineData("/a\0b")]
    [InlineData("/a\nb")]
    public void AppendValue_ControlCharacter_MakesKeyUncacheable(string path)
    {
        var builder = new CacheKeyBuilder(stackalloc char[64]);
        builder.AppendValue(path);
        Assert.False(builder.IsCacheable);
        builder.Dispose();
    }
}
