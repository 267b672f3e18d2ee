using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeCdn.Cli.Bench;

/// <summary>The JSON form of a run (what --json writes, and what the HTML report is drawn from).</summary>
internal sealed record BenchReport(
    string Tool,
    DateTimeOffset StartedAt,
    double MeasuredSeconds,
    int Concurrency,
    string Protocol,
    string Connections,
    WorkloadReport Workload,
    IReadOnlyList<TargetReport> Targets,
    RatioReport? Ratios)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static BenchReport From(BenchResult result)
    {
        var o = result.Options;
        var seconds = Math.Max(result.Measured.TotalSeconds, 1e-9);
        var targets = result.Targets.Select(t => TargetReport.From(t, seconds)).ToList();
        return new BenchReport(
            "edgecdn bench",
            result.StartedAt,
            Math.Round(result.Measured.TotalSeconds, 3),
            o.Concurrency,
            o.Http2 ? "h2" : "http/1.1",
            o.Http2 ? "multiplexed" : o.NewConnections ? "new connection per request" : "keep-alive",
            new WorkloadReport(o.Paths.Count, o.ZipfAlpha, o.UniqueQuery, o.Paths.Take(5).ToList()),
            targets,
            targets.Count == 2 ? RatioReport.From(targets[0], targets[1]) : null);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

internal sealed record WorkloadReport(int Paths, double? ZipfAlpha, bool UniqueQuery, IReadOnlyList<string> Sample);

internal sealed record TargetReport(
    string Name,
    string Url,
    long Requests,
    long TransportErrors,
    string? LastError,
    double RequestsPerSecond,
    double MegabytesPerSecond,
    IReadOnlyDictionary<string, long> StatusCodes,
    IReadOnlyDictionary<string, LatencyReport> LatencyMs,
    IReadOnlyDictionary<string, LatencyReport> FirstByteMs,
    IReadOnlyList<SecondReport> TimeSeries,
    [property: JsonIgnore] IReadOnlyDictionary<string, IReadOnlyList<(double Ms, double Fraction)>> Distributions)
{
    public static TargetReport From(TargetResult t, double seconds)
    {
        var latency = new Dictionary<string, LatencyReport> { ["all"] = LatencyReport.From(t.All(), t.Requests) };
        var firstByte = new Dictionary<string, LatencyReport> { ["all"] = LatencyReport.From(t.AllFirstByte(), t.Requests) };
        var distributions = new Dictionary<string, IReadOnlyList<(double, double)>>();
        foreach (var result in Enum.GetValues<CacheResult>())
        {
            var h = t.Latency[(int)result];
            if (h.Count == 0)
            {
                continue;
            }

            var name = result.ToString().ToLowerInvariant();
            latency[name] = LatencyReport.From(h, t.Requests);
            firstByte[name] = LatencyReport.From(t.FirstByte[(int)result], t.Requests);
            distributions[name] = h.Distribution().Select(p => (p.Value / 1000.0, p.Fraction)).ToList();
        }

        // Responses still arriving after the deadline land in a last, partial second; a rate over it would
        // read as a collapse, so the series keeps whole seconds only (the totals above count everything).
        var whole = seconds >= 1 ? (int)Math.Floor(seconds + 1e-6) : t.Seconds.Count;
        var series = t.Seconds.Take(whole).Select((s, i) => new SecondReport(
            i,
            s.Requests,
            s.RequestsByResult[(int)CacheResult.Hit],
            s.RequestsByResult[(int)CacheResult.Miss],
            s.Bytes,
            Math.Round(s.PercentileMicroseconds(50) / 1000, 3),
            Math.Round(s.PercentileMicroseconds(99) / 1000, 3))).ToList();
        return new TargetReport(
            t.Name,
            t.BaseUri.ToString(),
            t.Requests,
            t.TransportErrors,
            t.LastError,
            Math.Round(t.Requests / seconds, 1),
            Math.Round(t.Bytes / seconds / 1_000_000, 3),
            t.StatusCodes.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value),
            latency,
            firstByte,
            series,
            distributions);
    }
}

internal sealed record LatencyReport(long Count, double Share, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static LatencyReport From(LatencyHistogram h, long total) => new(
        h.Count,
        total == 0 ? 0 : Math.Round((double)h.Count / total, 4),
        Ms(h.Mean),
        Ms(h.Percentile(50)),
        Ms(h.Percentile(90)),
        Ms(h.Percentile(99)),
        Ms(h.Percentile(99.9)),
        Ms(h.Count == 0 ? 0 : h.Max));

    private static double Ms(double microseconds) => Math.Round(microseconds / 1000, 3);
}

internal sealed record SecondReport(int Second, long Requests, long Hits, long Misses, long Bytes, double P50Ms, double P99Ms);

/// <summary>B relative to A: above 1 means B is higher (more throughput, or more latency).</summary>
internal sealed record RatioReport(double RequestsPerSecond, double P50, double P99, double? HitP50, double? HitP99)
{
    public static RatioReport From(TargetReport a, TargetReport b) => new(
        Ratio(b.RequestsPerSecond, a.RequestsPerSecond),
        Ratio(b.LatencyMs["all"].P50, a.LatencyMs["all"].P50),
        Ratio(b.LatencyMs["all"].P99, a.LatencyMs["all"].P99),
        a.LatencyMs.TryGetValue("hit", out var ah) && b.LatencyMs.TryGetValue("hit", out var bh) ? Ratio(bh.P50, ah.P50) : null,
        a.LatencyMs.TryGetValue("hit", out ah) && b.LatencyMs.TryGetValue("hit", out bh) ? Ratio(bh.P99, ah.P99) : null);

    private static double Ratio(double x, double y) => y == 0 ? 0 : Math.Round(x / y, 3);
}
