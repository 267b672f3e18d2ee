using EdgeCdn.Edge.Caching.Replay;

namespace EdgeCdn.Edge.Tests.Caching.Replay;

public sealed class SyntheticTraceTests
{
    private static SyntheticTrace Parse(string spec)
    {
        Assert.True(SyntheticTrace.TryParse(spec, out var trace, out var error), error);
        return trace!;
    }

    [Fact]
    public void TryParse_FullSpec_EveryParameter()
    {
        var trace = Parse("zipf:alpha=1.1,objects=1000,requests=5000,median=20KiB,sigma=1.5,onehit=0.3,seed=7");

        Assert.Equal(1.1, trace.Alpha);
        Assert.Equal(1000, trace.Objects);
        Assert.Equal(5000, trace.Requests);
        Assert.Equal(20 * 1024, trace.MedianBytes);
        Assert.Equal(1.5, trace.Sigma);
        Assert.Equal(0.3, trace.OneHitShare);
        Assert.Equal(7UL, trace.Seed);
        Assert.Equal(trace.ToString(), Parse(trace.ToString()).ToString());
    }

    [Theory]
    [InlineData("uniform:objects=10")]
    [InlineData("zipf:alpha=-1")]
    [InlineData("zipf:onehit=1")]
    [InlineData("zipf:objects=0")]
    [InlineData("zipf:colour=red")]
    public void TryParse_Invalid_Refused(string spec) => Assert.False(SyntheticTrace.TryParse(spec, out _, out _));

    [Fact]
    public void Generate_SameSeedSameRequests_OtherSeedOthers()
    {
        var a = Parse("zipf:objects=1000,requests=10000,seed=1").Generate().ToList();
        var b = Parse("zipf:objects=1000,requests=10000,seed=1").Generate().ToList();
        var c = Parse("zipf:objects=1000,requests=10000,seed=2").Generate().ToList();

        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(r => r.ObjectId), c.Select(r => r.ObjectId));
        Assert.All(a, r => Assert.Equal(Parse("zipf:objects=1000,seed=1").SizeOf(r.ObjectId), r.Size));
    }

    [Fact]
    public void Generate_ZipfPopularity()
    {
        const double alpha = 0.9;
        var counts = new int[100];
        foreach (var request in Parse($"zipf:alpha={alpha},objects=100,requests=1000000,seed=3").Generate())
        {
            counts[request.ObjectId]++;
        }

        var harmonic = Enumerable.Range(1, 100).Sum(k => Math.Pow(k, -alpha));
        Assert.InRange(counts[0] / 1e6, 0.97 / harmonic, 1.03 / harmonic);
        Assert.InRange(counts[0] / (double)counts[1], Math.Pow(2, alpha) * 0.95, Math.Pow(2, alpha) * 1.05);
        Assert.InRange(counts[0] / (double)counts[99], Math.Pow(100, alpha) * 0.85, Math.Pow(100, alpha) * 1.15);
    }

    [Fact]
    public void Generate_LognormalSizesAroundTheMedian()
    {
        var trace = Parse("zipf:objects=1000,median=20KiB,sigma=1,seed=5");
        var sizes = Enumerable.Range(0, 20_000).Select(i => trace.SizeOf((ulong)i)).Order().ToList();

        Assert.InRange(sizes[sizes.Count / 2], 20 * 1024 * 0.95, 20 * 1024 * 1.05);
        // One sigma above the median is e times the median (84th percentile).
        Assert.InRange(sizes[(int)(sizes.Count * 0.8413)], 20 * 1024 * Math.E * 0.93, 20 * 1024 * Math.E * 1.07);
    }

    [Fact]
    public void Generate_OneHitWonders_TheirShareAndNeverRepeated()
    {
        var trace = Parse("zipf:objects=1000,requests=100000,onehit=0.3,seed=9");
        var oneHit = trace.Generate().Where(r => r.ObjectId >= trace.OneHitBase).Select(r => r.ObjectId).ToList();

        Assert.InRange(oneHit.Count, 29_000, 31_000);
        Assert.Equal(oneHit.Count, oneHit.Distinct().Count());
    }
}
