using System.Diagnostics.Metrics;
using EdgeCdn.Edge.Caching;

namespace EdgeCdn.Edge.Observability;

/// <summary>
/// The edge's instruments, on one Meter ("EdgeCdn.Edge"). Tag values are interned strings so recording does not
/// allocate. Exported in Prometheus text format by <see cref="PrometheusExporter"/> (and to any other
/// MeterListener, e.g. OpenTelemetry, unchanged).
/// </summary>
internal sealed class EdgeMetrics : IDisposable
{
    public const string MeterName = "EdgeCdn.Edge";

    private static readonly string[] ResultNames = ["hit", "miss", "refresh", "stale", "coalesced", "error"];

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _originFetches;
    private readonly Histogram<double> _originFirstByte;
    private readonly Counter<long> _stores;
    private readonly Counter<long> _invalidations;
    private readonly Counter<long> _rejected;

    public EdgeMetrics(IMeterFactory meterFactory, ICacheStore store)
    {
        _meter = meterFactory.Create(MeterName);
        _requests = _meter.CreateCounter<long>("edgecdn.requests", description: "Viewer requests by result type.");
        _bytes = _meter.CreateCounter<long>("edgecdn.response.body", unit: "By", description: "Response body bytes sent to viewers by result type.");
        _duration = _meter.CreateHistogram<double>("edgecdn.request.duration", unit: "s", description: "Time from request to last byte, by result type.");
        _originFetches = _meter.CreateCounter<long>("edgecdn.origin.fetches", description: "Origin requests by origin and outcome.");
        _originFirstByte = _meter.CreateHistogram<double>("edgecdn.origin.first_byte", unit: "s", description: "Origin time to response headers, by origin.");
        _stores = _meter.CreateCounter<long>("edgecdn.cache.stores", description: "Responses stored in the cache.");
        _invalidations = _meter.CreateCounter<long>("edgecdn.invalidations", description: "Invalidation paths accepted.");
        _rejected = _meter.CreateCounter<long>("edgecdn.requests.rejected", description: "Viewer requests refused before the cache, by reason.");
        _meter.CreateObservableGauge("edgecdn.cache.entries", () => store.Count, description: "Entries in the memory tier.");
        _meter.CreateObservableGauge("edgecdn.cache.size", () => store.Bytes, unit: "By", description: "Bytes charged to the memory tier.");
        _meter.CreateObservableGauge("edgecdn.cache.capacity", () => store.CapacityBytes, unit: "By", description: "The memory tier's byte budget.");
    }

    public void Request(CacheResult result, long bodyBytes, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("result", ResultNames[(int)result]);
        _requests.Add(1, tag);
        _bytes.Add(bodyBytes, tag);
        _duration.Record(elapsed.TotalSeconds, tag);
    }

    public void OriginFetch(string origin, string outcome) =>
        _originFetches.Add(1, new KeyValuePair<string, object?>("origin", origin), new KeyValuePair<string, object?>("outcome", outcome));

    public void OriginFirstByte(string origin, TimeSpan elapsed) =>
        _originFirstByte.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("origin", origin));

    public void Stored() => _stores.Add(1);

    public void Invalidated(int paths) => _invalidations.Add(paths);

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
