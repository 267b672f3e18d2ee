using EdgeCdn.Cli.Deploy;

namespace EdgeCdn.Cli.Tests.Deploy;

public sealed class CacheControlPolicyTests
{
    [Theory]
    [InlineData("assets/index-3f9a1c2e.js", true)]
    [InlineData("assets/index-JfUH4Dx_.js", true)]
    [InlineData("assets/index-CORVfvNc.css", true)]
    [InlineData("static/js/main.8c7f2a1b.chunk.js", false)]
    [InlineData("static/js/main.8c7f2a1b.js", true)]
    [InlineData("assets/logo.a1b2c3d4e5.svg", true)]
    [InlineData("assets/settings-panel.js", false)]
    [InlineData("favicon.ico", false)]
    [InlineData("robots.txt", false)]
    [InlineData("assets/background-abcdefgh.png", false)]
    public void IsFingerprinted_BuildToolNames_Recognised(string path, bool expected) =>
        Assert.Equal(expected, CacheControlPolicy.IsFingerprinted(path));

    [Theory]
    [InlineData("index.html", CacheControlPolicy.Revalidate)]
    [InlineData("docs/index.html", CacheControlPolicy.Revalidate)]
    [InlineData("assets/index-JfUH4Dx_.js", CacheControlPolicy.Immutable)]
    [InlineData("robots.txt", CacheControlPolicy.Default)]
    public void For_KindOfFile_RightCacheControl(string path, string expected) => Assert.Equal(expected, CacheControlPolicy.For(path));

    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("assets/a.js", "text/javascript; charset=utf-8")]
    [InlineData("img/photo.WEBP", "image/webp")]
    [InlineData("font.woff2", "font/woff2")]
    [InlineData("blob.unknownext", "application/octet-stream")]
    public void ContentTypes_ByExtension(string path, string expected) => Assert.Equal(expected, ContentTypes.For(path));
}
