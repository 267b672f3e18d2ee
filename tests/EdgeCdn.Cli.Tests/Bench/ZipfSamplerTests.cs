using EdgeCdn.Cli.Bench;

namespace EdgeCdn.Cli.Tests.Bench;

public sealed class ZipfSamplerTests
{
    [Fact]
    public void Next_AlphaOne_RankFrequenciesFollowOneOverRank()
    {
        const int n = 1000;
        var sampler = new ZipfSampler(n, 1.0);
        var random = new Random(11);
        var counts = new int[n];
        const int draws = 500_000;
        for (var i = 0; i < draws; i++)
        {
            counts[sampler.Next(random)]++;
        }

        var harmonic = Enumerable.Range(1, n).Sum(k => 1.0 / k);
        foreach (var rank in new[] { 0, 1, 9 })
        {
            var expected = draws / ((rank + 1) * harmonic);
            Assert.InRange(counts[rank], expected * 0.95, expected * 1.05);
        }
    }

    [Fact]
    public void Next_SameSeed_SameSequence()
    {
        var sampler = new ZipfSampler(100, 0.9);
        var a = new Random(5);
        var b = new Random(5);

        Assert.Equal(Enumerable.Range(0, 50).Select(_ => sampler.Next(a)), Enumerable.Range(0, 50).Select(_ => sampler.Next(b)));
    }

    [Fact]
    public void Next_AlphaZero_IsUniformAndInRange()
    {
        var sampler = new ZipfSampler(10, 0);
        var random = new Random(1);
        var counts = new int[10];
        for (var i = 0; i < 100_000; i++)
        {
            counts[sampler.Next(random)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_000, 11_000));
    }
}
