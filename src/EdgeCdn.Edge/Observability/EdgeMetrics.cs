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
        var statistics = store.Statistics;
        _meter.CreateObservableCounter("edgecdn.cache.lookups", () => Lookups(statistics),
            description: "Cache lookups by tier and result (a disk lookup follows a memory miss on the slow path).");
        _meter.CreateObservableCounter("edgecdn.cache.admissions", () => PerTier(statistics.Admissions), description: "Objects stored, by tier.");
        _meter.CreateObservableCounter("edgecdn.cache.rejections", () => Rejections(statistics), description: "Objects a tier refused to store, by tier and reason.");
        _meter.CreateObservableCounter("edgecdn.cache.evictions", () => Evictions(statistics), description: "Objects evicted, by queue.");
        _meter.CreateObservableCounter("edgecdn.cache.promotions", () => statistics.Promotions,
            description: "S3-FIFO: objects moved from the small to the main queue (hit while in small).");
        _meter.CreateObservableCounter("edgecdn.cache.ghost_hits", () => statistics.GhostHits,
            description: "S3-FIFO: objects admitted straight into the main queue because their key was in the ghost queue.");
        _meter.CreateObservableCounter("edgecdn.cache.reinsertions", () => statistics.Reinsertions,
            description: "S3-FIFO: main-queue objects kept for another round because they were hit.");
        _meter.CreateObservableGauge("edgecdn.cache.queue.size", () => Queues(store, bytes: true), unit: "By", description: "Bytes per cache queue.");
        _meter.CreateObservableGauge("edgecdn.cache.queue.entries", () => Queues(store, bytes: false), description: "Entries per cache queue.");
        if (store.Disk is { } disk)
        {
            _meter.CreateObservableGauge("edgecdn.cache.disk.entries", () => disk.Count, description: "Entries in the disk tier.");
            _meter.CreateObservableGauge("edgecdn.cache.disk.size", () => disk.Bytes, unit: "By", description: "Bytes of the disk tier's files.");
            _meter.CreateObservableGauge("edgecdn.cache.disk.capacity", () => disk.CapacityBytes, unit: "By", description: "The disk tier's byte budget.");
            _meter.CreateObservableGauge("edgecdn.cache.disk.pending_writes", () => disk.PendingWrites, description: "Entries queued to be written to disk.");
        }
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

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    private static IEnumerable<Measurement<long>> Lookups(CacheStatistics statistics) =>
    [
        new(statistics.MemoryHits.Value, Tag("tier", "memory"), Tag("result", "hit")),
        new(statistics.MemoryMisses.Value, Tag("tier", "memory"), Tag("result", "miss")),
        new(statistics.DiskHits.Value, Tag("tier", "disk"), Tag("result", "hit")),
        new(statistics.DiskMisses.Value, Tag("tier", "disk"), Tag("result", "miss")),
    ];

    private static IEnumerable<Measurement<long>> PerTier(Func<CacheTier, long> value) =>
        Enum.GetValues<CacheTier>().Select(t => new Measurement<long>(value(t), Tag("tier", CacheStatistics.TierNames[(int)t])));

    private static IEnumerable<Measurement<long>> Rejections(CacheStatistics statistics) =>
        from tier in Enum.GetValues<CacheTier>()
        from reason in Enum.GetValues<RejectionReason>()
        let count = statistics.Rejections(tier, reason)
        where count > 0
        select new Measurement<long>(count, Tag("tier", CacheStatistics.TierNames[(int)tier]), Tag("reason", CacheStatistics.RejectionNames[(int)reason]));

    private static IEnumerable<Measurement<long>> Evictions(CacheStatistics statistics) =>
        from queue in Enum.GetValues<EvictionQueue>()
        let count = statistics.Evictions(queue)
        where count > 0
        select new Measurement<long>(count, Tag("queue", CacheStatistics.QueueNames[(int)queue]));

    private static IEnumerable<Measurement<long>> Queues(ICacheStore store, bool bytes)
    {
        foreach (var (queue, size, entries) in store.Memory.Queues())
        {
            yield return new Measurement<long>(bytes ? size : entries, Tag("queue", CacheStatistics.QueueNames[(int)queue]));
        }

        if (store.Disk is { } disk)
        {
            yield return new Measurement<long>(bytes ? disk.Bytes : disk.Count, Tag("queue", "disk"));
        }
    }
}
