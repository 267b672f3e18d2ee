using EdgeCdn.Cli.Bench;

namespace EdgeCdn.Cli.Tests.Bench;

public sealed class CacheResultClassifierTests
{
    [Theory]
    [InlineData("Hit from edgecdn", null, "Hit")]
    [InlineData("Hit from cloudfront", null, "Hit")]
    [InlineData("RefreshHit from edgecdn", null, "Refresh")]
    [InlineData("Miss from edgecdn", null, "Miss")]
    [InlineData("Error from cloudfront", null, "Error")]
    [InlineData("HIT", null, "Hit")]
    [InlineData("EXPIRED", null, "Miss")]
    [InlineData("REVALIDATED", null, "Refresh")]
    [InlineData("UPDATING", null, "Stale")]
    [InlineData("STALE", null, "Stale")]
    [InlineData(null, "cdn-cache-hit, cdn-downstream-fbl;dur=0.2", "Hit")]
    [InlineData(null, "cdn-cache-miss, cdn-upstream-fbl;dur=12", "Miss")]
    [InlineData(null, "cdn-cache-refresh", "Refresh")]
    [InlineData(null, null, "Unknown")]
    public void Classify_CdnDialects_Recognised(string? xCache, string? serverTiming, string expected) =>
        Assert.Equal(expected, CacheResultClassifier.Classify(xCache, serverTiming, 200).ToString());

    [Fact]
    public void Classify_NoHeaderAnd5xx_IsError() => Assert.Equal(CacheResult.Error, CacheResultClassifier.Classify(null, null, 502));
}
