using EdgeCdn.Cli.Bench;

namespace EdgeCdn.Cli.Tests.Bench;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentile_RandomLogNormalLatencies_WithinQuarterPercentOfExact()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 200_000).Select(_ => (long)Math.Exp(random.NextDouble() * 14)).ToArray();
        var histogram = new LatencyHistogram();
        foreach (var v in values)
        {
            histogram.Record(v);
        }

        Array.Sort(values);
        foreach (var p in new[] { 50.0, 90, 99, 99.9, 99.99 })
        {
            var exact = values[(int)Math.Ceiling(p / 100 * values.Length) - 1];
            var measured = histogram.Percentile(p);
            Assert.InRange(measured, exact - Math.Max(1, exact * 0.0025), exact + Math.Max(1, exact * 0.0025));
        }

        Assert.Equal(values[^1], histogram.Percentile(100));
        Assert.Equal(values[0], histogram.Min);
        Assert.Equal(values.Length, histogram.Count);
    }

    [Fact]
    public void Add_TwoHalves_EqualsOneWhole()
    {
        var whole = new LatencyHistogram();
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        for (var i = 0; i < 10_000; i++)
        {
            whole.Record(i * 37);
            (i % 2 == 0 ? a : b).Record(i * 37);
        }

        a.Add(b);

        Assert.Equal(whole.Percentile(99), a.Percentile(99));
        Assert.Equal(whole.Count, a.Count);
        Assert.Equal(whole.Max, a.Max);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1023L)]
    [InlineData(1024L)]
    [InlineData(123_456_789L)]
    public void IndexOf_ValueOf_RoundTripWithinBucketWidth(long value)
    {
        var back = LatencyHistogram.ValueOf(LatencyHistogram.IndexOf(value));

        Assert.InRange(back, value - (value / 512) - 1, value + (value / 512) + 1);
    }

    [Fact]
    public void Percentile_Empty_IsZero() => Assert.Equal(0, new LatencyHistogram().Percentile(99));
}
