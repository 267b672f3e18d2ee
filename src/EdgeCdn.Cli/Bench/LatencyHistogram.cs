namespace EdgeCdn.Cli.Bench;

/// <summary>
/// A log-linear latency histogram in microseconds (HdrHistogram's idea, written for this tool since no HDR
/// package restores here): values below 1,024 µs are exact; above, each power of two is split into 512 linear
/// sub-buckets, so every recorded value is within 0.2% of its true value up to an hour. Not thread-safe: each
/// worker records into its own and they are merged at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 9;
    private const int SubBuckets = 1 << SubBucketBits;       // 512
    private const int LinearLimit = SubBuckets * 2;           // 1024 µs: exact below
    private const int Magnitudes = 32;
    private readonly long[] _counts = new long[LinearLimit + (Magnitudes * SubBuckets)];

    public long Count { get; private set; }

    public long Min { get; private set; } = long.MaxValue;

    public long Max { get; private set; }

    public double Sum { get; private set; }

    public double Mean => Count == 0 ? 0 : Sum / Count;

    public void Record(long microseconds)
    {
        if (microseconds < 0)
        {
            microseconds = 0;
        }

        _counts[IndexOf(microseconds)]++;
        Count++;
        Sum += microseconds;
        Min = Math.Min(Min, microseconds);
        Max = Math.Max(Max, microseconds);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Sum += other.Sum;
        if (other.Count > 0)
        {
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
        }
    }

    /// <summary>The value at or below which <paramref name="percentile"/> percent of recorded values lie.</summary>
    public long Percentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        if (percentile >= 100)
        {
            return Max;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * Count);
        rank = Math.Max(rank, 1);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Clamp(ValueOf(i), Min, Max);
            }
        }

        return Max;
    }

    /// <summary>(value, cumulative fraction) points for a percentile-distribution chart.</summary>
    public IEnumerable<(long Value, double Fraction)> Distribution()
    {
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] == 0)
            {
                continue;
            }

            seen += _counts[i];
            yield return (Math.Clamp(ValueOf(i), Min, Max), (double)seen / Count);
        }
    }

    internal static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }

        // value in [2^m, 2^(m+1)) with m >= 10: index by the top SubBucketBits bits below the leading one.
        var magnitude = 63 - (int)long.LeadingZeroCount(value);
        var shift = magnitude - SubBucketBits;
        var sub = (int)((value >> shift) & (SubBuckets - 1));
        var bucket = Math.Min(magnitude - 10, Magnitudes - 1);
        return LinearLimit + (bucket * SubBuckets) + sub;
    }

    /// <summary>The middle of bucket <paramref name="index"/>'s value range.</summary>
    internal static long ValueOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var bucket = (index - LinearLimit) / SubBuckets;
        var sub = (index - LinearLimit) % SubBuckets;
        var magnitude = bucket + 10;
        var shift = magnitude - SubBucketBits;
        var low = (1L << magnitude) | ((long)sub << shift);
        return low + ((1L << shift) / 2);
    }
}
