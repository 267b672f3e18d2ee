namespace EdgeCdn.Cli.Bench;

/// <summary>
/// Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^alpha, by inverting the cumulative
/// distribution with a binary search; seeded, so a run is reproducible.
/// </summary>
internal sealed class ZipfSampler
{
    private readonly double[] _cumulative;

    public ZipfSampler(int n, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(alpha);
        _cumulative = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += 1.0 / Math.Pow(i + 1, alpha);
            _cumulative[i] = sum;
        }

        for (var i = 0; i < n; i++)
        {
            _cumulative[i] /= sum;
        }
    }

    public int Count => _cumulative.Length;

    public int Next(Random random)
    {
        var u = random.NextDouble();
        var index = Array.BinarySearch(_cumulative, u);
        return Math.Min(index >= 0 ? index : ~index, _cumulative.Length - 1);
    }
}
