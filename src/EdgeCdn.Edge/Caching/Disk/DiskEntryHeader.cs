using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Caching.Disk;

/// <summary>What a disk file says about its response besides the body: cache key, distribution and invalidation
/// epoch, freshness, and the response metadata viewers get.</summary>
internal sealed class DiskEntryHeader
{
    public required string Key { get; init; }

    public required string Path { get; init; }

    public required string DistributionId { get; init; }

    public required int Epoch { get; init; }

    public required long ResponseTimeTicks { get; init; }

    public long InitialAgeTicks { get; init; }

    public required TimeSpan Ttl { get; init; }

    public TimeSpan StaleWhileRevalidate { get; init; }

    public TimeSpan? StaleIfError { get; init; }

    public bool MustRevalidate { get; init; }

    public required ResponseMeta Meta { get; init; }

    public static DiskEntryHeader From(CacheEntry entry) => new()
    {
        Key = entry.Key,
        Path = entry.Path,
        DistributionId = entry.Distribution.Id,
        Epoch = entry.Epoch,
        ResponseTimeTicks = entry.ResponseTimeTicks,
        InitialAgeTicks = entry.InitialAgeTicks,
        Ttl = entry.Ttl,
        StaleWhileRevalidate = entry.StaleWhileRevalidate,
        StaleIfError = entry.StaleIfError,
        MustRevalidate = entry.MustRevalidate,
        Meta = entry.Meta,
    };

    public CacheEntry ToEntry(Distribution distribution, CacheBody body) => new CacheEntry
    {
        Key = Key,
        Distribution = distribution,
        Path = Path,
        Meta = Meta,
        Body = body,
        ResponseTimeTicks = ResponseTimeTicks,
        InitialAgeTicks = InitialAgeTicks,
        Ttl = Ttl,
        StaleWhileRevalidate = StaleWhileRevalidate,
        StaleIfError = StaleIfError,
        MustRevalidate = MustRevalidate,
        Epoch = Epoch,
    }.WithComputedSize();
}
