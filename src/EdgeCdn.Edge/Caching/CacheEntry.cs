using System.Globalization;
using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// A stored response: metadata (status, headers, validators, freshness) and a <see cref="CacheBody"/> that lives in
/// memory or on disk. Immutable except for the stores' bookkeeping (state, invalidation epoch, disk record); a
/// refresh (304) creates a new entry that shares the body.
/// </summary>
internal sealed class CacheEntry
{
    private const int Live = 0;
    private const int Evicted = 1;
    private const int Dropped = 2;

    private AgeText? _age;
    private int _state;

    public required string Key { get; init; }

    public required Distribution Distribution { get; init; }

    /// <summary>The decoded path, for invalidation matching.</summary>
    public required string Path { get; init; }

    public required ResponseMeta Meta { get; init; }

    public required CacheBody Body { get; init; }

    /// <summary>When the response (or its last revalidation) arrived, in UTC ticks.</summary>
    public required long ResponseTimeTicks { get; init; }

    /// <summary>The origin's Age header when the response arrived, in ticks (RFC 9111 §4.2.3).</summary>
    public long InitialAgeTicks { get; init; }

    public required TimeSpan Ttl { get; init; }

    public TimeSpan StaleWhileRevalidate { get; init; }

    /// <summary>Null: the origin did not bound serving stale on errors.</summary>
    public TimeSpan? StaleIfError { get; init; }

    public bool MustRevalidate { get; init; }

    /// <summary>A marker that says "not cacheable, do not coalesce" (Varnish's hit-for-pass); it has no body.</summary>
    public bool IsPassMarker { get; init; }

    /// <summary>The invalidation epoch of the distribution when the fill started.</summary>
    public int Epoch { get; set; }

    /// <summary>Set once the memory tier no longer holds the entry (replaced, evicted or removed).</summary>
    public bool Removed => Volatile.Read(ref _state) != Live;

    /// <summary>Replaced by a newer entry or removed (invalidated, purged): unlike an evicted entry, it must not be
    /// written to the disk tier any more.</summary>
    public bool IsDropped => Volatile.Read(ref _state) == Dropped;

    /// <summary>The disk tier's record holding this response, when it has been written there or read from there.</summary>
    public Disk.DiskRecord? Persisted { get; set; }

    /// <summary>The serving description of this entry as a hit, made once so hits do not allocate it.</summary>
    public object? HitSource { get; set; }

    /// <summary>Bytes charged to the store: body memory plus headers and bookkeeping.</summary>
    public long Size { get; private set; }

    public long FreshUntilTicks => ResponseTimeTicks - InitialAgeTicks + Ttl.Ticks;

    public bool IsFresh(long nowTicks) => nowTicks < FreshUntilTicks;

    /// <summary>Expired, but inside stale-while-revalidate: serve it and refresh in the background.</summary>
    public bool CanServeWhileRevalidating(long nowTicks) =>
        !MustRevalidate && StaleWhileRevalidate > TimeSpan.Zero && nowTicks < FreshUntilTicks + StaleWhileRevalidate.Ticks;

    /// <summary>Expired and the origin failed: may this copy still be served?</summary>
    public bool CanServeOnError(long nowTicks) =>
        !MustRevalidate && (StaleIfError is not { } window || nowTicks < FreshUntilTicks + window.Ticks);

    public long AgeSeconds(long nowTicks) => Math.Max(0, (nowTicks - ResponseTimeTicks + InitialAgeTicks) / TimeSpan.TicksPerSecond);

    /// <summary>The Age header value; the string is reused for every hit within the same second.</summary>
    public string AgeHeader(long nowTicks)
    {
        var seconds = AgeSeconds(nowTicks);
        if (seconds < SmallAges.Length)
        {
            return SmallAges[seconds];
        }

        var cached = _age;
        if (cached is not null && cached.Seconds == seconds)
        {
            return cached.Text;
        }

        var text = seconds.ToString(CultureInfo.InvariantCulture);
        _age = new AgeText(seconds, text);
        return text;
    }

    /// <summary>Evicted by the memory tier's policy (a candidate for the disk tier).</summary>
    public void MarkEvicted() => Interlocked.CompareExchange(ref _state, Evicted, Live);

    /// <summary>Replaced or removed on purpose: never written to disk after this.</summary>
    public void MarkDropped() => Volatile.Write(ref _state, Dropped);

    /// <summary>Charges exactly <paramref name="size"/> bytes (trace replay: the trace's object size).</summary>
    public CacheEntry WithSize(long size)
    {
        Size = size;
        return this;
    }

    /// <summary>Computes <see cref="Size"/>; called once before the entry is stored.</summary>
    public CacheEntry WithComputedSize()
    {
        long size = 256 + (Key.Length * 2) + (Path.Length * 2) + Body.MemoryBytes;
        foreach (var (name, values) in Meta.Headers)
        {
            size += 48 + (name.Length * 2);
            foreach (var value in values)
            {
                size += 24 + ((value?.Length ?? 0) * 2);
            }
        }

        Size = size;
        return this;
    }

    private static readonly string[] SmallAges = [.. Enumerable.Range(0, 64).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    private sealed record AgeText(long Seconds, string Text);
}
