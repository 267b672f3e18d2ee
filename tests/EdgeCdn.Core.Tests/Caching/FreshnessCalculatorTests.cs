using EdgeCdn.Core.Caching;

namespace EdgeCdn.Core.Tests.Caching;

public sealed class FreshnessCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly TtlSettings Defaults = TtlSettings.CloudFrontDefaults;

    /// <summary>CloudFront's table: TTL = max(MinTTL, min(origin TTL, MaxTTL)), s-maxage over max-age over Expires.</summary>
    [Theory]
    [InlineData("max-age=60", null, 0, 86400, 31536000, 60, "max-age")]
    [InlineData("max-age=60, s-maxage=300", null, 0, 86400, 31536000, 300, "s-maxage")]
    [InlineData("max-age=60", null, 120, 86400, 31536000, 120, "max-age")]
    [InlineData("max-age=999999", null, 0, 86400, 3600, 3600, "max-age")]
    [InlineData(null, null, 0, 86400, 31536000, 86400, "default")]
    [InlineData(null, "Sat, 21 Nov 2026 12:10:00 GMT", 0, 86400, 31536000, 600, "expires")]
    [InlineData("max-age=30", "Sat, 21 Nov 2026 12:10:00 GMT", 0, 86400, 31536000, 30, "max-age")]
    [InlineData(null, "0", 0, 86400, 31536000, 0, "expires")]
    [InlineData(null, "Sat, 21 Nov 2026 11:00:00 GMT", 5, 86400, 31536000, 5, "expires")]
    [InlineData("public", null, 0, 86400, 31536000, 86400, "default")]
    public void Decide_FollowsCloudFrontTtlRules(string? cacheControl, string? expires, int min, int @default, int max, int expected, string reason)
    {
        var ttl = new TtlSettings(TimeSpan.FromSeconds(min), TimeSpan.FromSeconds(@default), TimeSpan.FromSeconds(max));

        var decision = FreshnessCalculator.Decide(cacheControl, expires, "Sat, 21 Nov 2026 12:00:00 GMT", Now, ttl);

        Assert.True(decision.Store);
        Assert.Equal(TimeSpan.FromSeconds(expected), decision.Ttl);
        Assert.Equal(reason, decision.Reason);
    }

    [Theory]
    [InlineData("no-store", "no-store")]
    [InlineData("no-store, no-cache", "no-store")]
    [InlineData("private, max-age=600", "private")]
    public void Decide_RefusalWithZeroMinTtl_IsNotStored(string cacheControl, string reason)
    {
        var decision = FreshnessCalculator.Decide(cacheControl, null, null, Now, Defaults);

        Assert.False(decision.Store);
        Assert.Equal(reason, decision.Reason);
    }

    [Fact]
    public void Decide_NoCacheWithZeroMinTtl_StoredStaleAtOnceAndNeverServedUnvalidated()
    {
        var decision = FreshnessCalculator.Decide("no-cache, max-age=600", null, null, Now, Defaults);

        Assert.True(decision.Store);
        Assert.Equal(TimeSpan.Zero, decision.Ttl);
        Assert.True(decision.MustRevalidate);
        Assert.Equal("no-cache", decision.Reason);
    }

    [Fact]
    public void Decide_RefusalWithPositiveMinTtl_IsStoredForMinTtl()
    {
        var ttl = Defaults with { Min = TimeSpan.FromSeconds(30) };

        var decision = FreshnessCalculator.Decide("no-store", null, null, Now, ttl);

        Assert.True(decision.Store);
        Assert.Equal(TimeSpan.FromSeconds(30), decision.Ttl);
    }

    [Fact]
    public void Decide_StaleDirectives_AreCarried()
    {
        var decision = FreshnessCalculator.Decide("max-age=10, stale-while-revalidate=20, stale-if-error=30, proxy-revalidate", null, null, Now, Defaults);

        Assert.Equal(TimeSpan.FromSeconds(20), decision.StaleWhileRevalidate);
        Assert.Equal(TimeSpan.FromSeconds(30), decision.StaleIfError);
        Assert.True(decision.MustRevalidate);
    }

    [Fact]
    public void Decide_ExpiresWithoutDate_CountsFromResponseTime()
    {
        var decision = FreshnessCalculator.Decide(null, "Sat, 21 Nov 2026 12:01:00 GMT", null, Now, Defaults);

        Assert.Equal(TimeSpan.FromSeconds(60), decision.Ttl);
    }
}
