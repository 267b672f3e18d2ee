using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Caching.Memory;
using static EdgeCdn.Edge.Tests.Caching.TestEntries;

namespace EdgeCdn.Edge.Tests.Caching.Memory;

/// <summary>What every memory tier does behind the seam, whatever its policy.</summary>
public sealed class MemoryTierContractTests
{
    public static TheoryData<EvictionPolicy> Policies => [EvictionPolicy.S3Fifo, EvictionPolicy.Lru, EvictionPolicy.MemoryCache];

    private static IMemoryTier Create(EvictionPolicy policy, long capacity = 100_000) =>
        MemoryTiers.Create(policy, capacity, 10_000, 0.1, TimeProvider.System, new CacheStatistics(), null);

    [Theory]
    [MemberData(nameof(Policies))]
    public void SetGetReplaceRemove(EvictionPolicy policy)
    {
        using var tier = Create(policy);
        var a = Entry("/a", 500);
        Assert.Equal(policy, tier.Policy);
        Assert.True(tier.TrySet(a));
        Assert.True(tier.TryGet(Key("/a").AsSpan(), out var found));
        Assert.Same(a, found);
        Assert.False(tier.TryGet(Key("/nope").AsSpan(), out _));

        var b = Entry("/a", 700);
        Assert.True(tier.TrySet(b));
        Assert.True(tier.TryGet(Key("/a"), out found));
        Assert.Same(b, found);
        Assert.Equal(700, tier.Bytes);
        Assert.Equal(1, tier.Count);
        Assert.False(tier.Remove(a));
        Assert.True(tier.Remove(b));
        Assert.False(tier.TryGet(Key("/a"), out _));
        Assert.Equal(0, tier.Bytes);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void RemoveByPrefix_OneDistributionOnly(EvictionPolicy policy)
    {
        using var tier = Create(policy);
        tier.TrySet(Entry("/a", 10));
        tier.TrySet(Entry("/b", 10));

        Assert.Equal(2, tier.RemoveByPrefix(Site.KeyPrefix));
        Assert.Equal(0, tier.Count);
        Assert.Equal(0, tier.Bytes);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void TrySet_BodyAboveCap_Refused(EvictionPolicy policy)
    {
        using var tier = Create(policy);
        Assert.False(tier.TrySet(Entry("/big", 100, bodyBytes: 10_001)));
        Assert.Equal(0, tier.Count);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void ManyInserts_StayWithinBudget(EvictionPolicy policy)
    {
        using var tier = Create(policy, capacity: 20_000);
        for (var i = 0; i < 2000; i++)
        {
            if (!tier.TrySet(Entry("/m" + i, 100 + (i % 7 * 50))) && tier is MemoryCacheStore memoryCache)
            {
                memoryCache.WaitForCompaction(TimeSpan.FromSeconds(5));
            }

            Assert.True(tier.Bytes <= 20_000);
        }

        Assert.True(tier.Count > 0);
    }
}
