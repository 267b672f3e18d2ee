namespace EdgeCdn.Cli.Bench;

/// <summary>Everything measured for one target, merged over all workers.</summary>
internal sealed class TargetResult
{
    private static readonly int ResultCount = Enum.GetValues<CacheResult>().Length;

    public TargetResult(string name, Uri baseUri)
    {
        Name = name;
        BaseUri = baseUri;
        for (var i = 0; i < ResultCount; i++)
        {
            Latency[i] = new LatencyHistogram();
            FirstByte[i] = new LatencyHistogram();
        }
    }

    public string Name { get; }

    public Uri BaseUri { get; }

    /// <summary>Total latency (request sent → body read) per cache result, in µs.</summary>
    public LatencyHistogram[] Latency { get; } = new LatencyHistogram[ResultCount];

    /// <summary>Time to the response headers per cache result, in µs.</summary>
    public LatencyHistogram[] FirstByte { get; } = new LatencyHistogram[ResultCount];

    public long Bytes { get; set; }

    /// <summary>Requests that failed without a response (connection refused, reset, timeout).</summary>
    public long TransportErrors { get; set; }

    public string? LastError { get; set; }

    public SortedDictionary<int, long> StatusCodes { get; } = [];

    public List<SecondBucket> Seconds { get; } = [];

    public long Requests => Latency.Sum(h => h.Count);

    public LatencyHistogram All()
    {
        var all = new LatencyHistogram();
        foreach (var h in Latency)
        {
            all.Add(h);
        }

        return all;
    }

    public LatencyHistogram AllFirstByte()
    {
        var all = new LatencyHistogram();
        foreach (var h in FirstByte)
        {
            all.Add(h);
        }

        return all;
    }

    public SecondBucket SecondAt(int second)
    {
        while (Seconds.Count <= second)
        {
            Seconds.Add(new SecondBucket());
        }

        return Seconds[second];
    }

    public void Add(TargetResult other)
    {
        for (var i = 0; i < ResultCount; i++)
        {
            Latency[i].Add(other.Latency[i]);
            FirstByte[i].Add(other.FirstByte[i]);
        }

        Bytes += other.Bytes;
        TransportErrors += other.TransportErrors;
        LastError = other.LastError ?? LastError;
        foreach (var (code, count) in other.StatusCodes)
        {
            StatusCodes[code] = StatusCodes.GetValueOrDefault(code) + count;
        }

        for (var s = 0; s < other.Seconds.Count; s++)
        {
            SecondAt(s).Add(other.Seconds[s]);
        }
    }
}
