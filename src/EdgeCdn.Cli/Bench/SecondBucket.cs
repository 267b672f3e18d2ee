namespace EdgeCdn.Cli.Bench;

/// <summary>
/// One second of one target: request and byte counts per cache result and a coarse latency histogram (eight
/// bins per doubling, about ±4.5%) — small enough to keep per worker per second for the time-series chart.
/// </summary>
internal sealed class SecondBucket
{
    private const int BinsPerOctave = 8;
    private const int Bins = BinsPerOctave * 26; // up to 2^26 µs ≈ 67 s

    public long[] RequestsByResult { get; } = new long[Enum.GetValues<CacheResult>().Length];

    public long Bytes { get; set; }

    public int[] Latency { get; } = new int[Bins];

    public long Requests => RequestsByResult.Sum();

    public void Record(CacheResult result, long microseconds, long bytes)
    {
        RequestsByResult[(int)result]++;
        Bytes += bytes;
        Latency[Bin(microseconds)]++;
    }

    public void Add(SecondBucket other)
    {
        for (var i = 0; i < RequestsByResult.Length; i++)
        {
            RequestsByResult[i] += other.RequestsByResult[i];
        }

        Bytes += other.Bytes;
        for (var i = 0; i < Latency.Length; i++)
        {
            Latency[i] += other.Latency[i];
        }
    }

    public double PercentileMicroseconds(double percentile)
    {
        long total = Latency.Sum();
        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * total));
        long seen = 0;
        for (var i = 0; i < Latency.Length; i++)
        {
            seen += Latency[i];
            if (seen >= rank)
            {
                return Math.Pow(2, (i + 0.5) / BinsPerOctave);
            }
        }

        return Math.Pow(2, (double)Bins / BinsPerOctave);
    }

    private static int Bin(long microseconds) =>
        microseconds <= 1 ? 0 : Math.Min(Bins - 1, (int)(Math.Log2(microseconds) * BinsPerOctave));
}
