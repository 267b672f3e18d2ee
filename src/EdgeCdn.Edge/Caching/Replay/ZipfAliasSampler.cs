namespace EdgeCdn.Edge.Caching.Replay;

/// <summary>
/// Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^alpha in constant time per draw, with Vose's
/// alias method: a table of n (probability, alias) pairs built once, then one uniform draw picks a column and a
/// second one picks between the column and its alias.
/// </summary>
internal sealed class ZipfAliasSampler
{
    private readonly double[] _probability;
    private readonly int[] _alias;

    public ZipfAliasSampler(int n, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(alpha);
        var weights = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            weights[i] = Math.Pow(i + 1, -alpha);
            sum += weights[i];
        }

        _probability = new double[n];
        _alias = new int[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            weights[i] = weights[i] * n / sum;
            (weights[i] < 1.0 ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            var s = small.Pop();
            var l = large.Pop();
            _probability[s] = weights[s];
            _alias[s] = l;
            weights[l] = weights[l] + weights[s] - 1.0;
            (weights[l] < 1.0 ? small : large).Push(l);
        }

        // Leftovers are 1 up to rounding.
        while (large.Count > 0)
        {
            _probability[large.Pop()] = 1.0;
        }

        while (small.Count > 0)
        {
            _probability[small.Pop()] = 1.0;
        }
    }

    public int Count => _probability.Length;

    public int Next(ref Xoshiro256 random)
    {
        var column = (int)((random.NextUInt64() >> 32) * (ulong)_probability.Length >> 32);
        return random.NextDouble() < _probability[column] ? column : _alias[column];
    }
}
