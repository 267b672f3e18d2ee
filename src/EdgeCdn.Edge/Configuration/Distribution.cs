using EdgeCdn.Core.Caching;

namespace EdgeCdn.Edge.Configuration;

/// <summary>A compiled distribution: behaviours in match order, error rules, and its invalidation epoch.</summary>
internal sealed class Distribution
{
    /// <summary>CloudFront's default error-caching minimum TTL.</summary>
    public static readonly TimeSpan DefaultErrorCachingTtl = TimeSpan.FromSeconds(10);

    private static readonly int[] DefaultCachedErrors = [404, 414, 500, 501, 502, 503, 504];

    private readonly CustomErrorResponse?[] _errors = new CustomErrorResponse?[600];
    private readonly bool[] _cachedErrors = new bool[600];
    private int _invalidationEpoch;

    public Distribution(string id, IReadOnlyList<string> aliases, string? defaultRootObject, CacheBehavior[] behaviors,
        CacheBehavior defaultBehavior, IEnumerable<CustomErrorResponse> customErrors)
    {
        Id = id;
        KeyPrefix = CacheKeyBuilder.DistributionPrefix(id);
        Aliases = aliases;
        DefaultRootPath = defaultRootObject is null ? null : "/" + defaultRootObject.TrimStart('/');
        Behaviors = behaviors;
        DefaultBehavior = defaultBehavior;
        foreach (var code in DefaultCachedErrors)
        {
            _cachedErrors[code] = true;
        }

        foreach (var custom in customErrors)
        {
            _errors[custom.ErrorCode] = custom;
            _cachedErrors[custom.ErrorCode] = true;
        }
    }

    public string Id { get; }

    /// <summary>Every cache key of this distribution starts with this.</summary>
    public string KeyPrefix { get; }

    public IReadOnlyList<string> Aliases { get; }

    /// <summary>"/index.html" when a default root object is set.</summary>
    public string? DefaultRootPath { get; }

    public CacheBehavior[] Behaviors { get; }

    public CacheBehavior DefaultBehavior { get; }

    /// <summary>Bumped by every invalidation; an entry stamped with an older epoch is checked against the newer
    /// invalidations once, on its next lookup (no scan of the cache).</summary>
    public int InvalidationEpoch => Volatile.Read(ref _invalidationEpoch);

    public int AdvanceInvalidationEpoch() => Interlocked.Increment(ref _invalidationEpoch);

    /// <summary>At start, the epoch the invalidation journal recorded (so disk entries compare against it).</summary>
    public void RestoreInvalidationEpoch(int epoch) => Volatile.Write(ref _invalidationEpoch, Math.Max(epoch, InvalidationEpoch));

    /// <summary>The first behaviour whose pattern matches, else the default one.</summary>
    public CacheBehavior MatchBehavior(ReadOnlySpan<char> path)
    {
        foreach (var behavior in Behaviors)
        {
            if (behavior.Pattern.IsMatch(path))
            {
                return behavior;
            }
        }

        return DefaultBehavior;
    }

    public CustomErrorResponse? CustomError(int status) => status is >= 0 and < 600 ? _errors[status] : null;

    /// <summary>How long an error status from the origin is cached, or null when it is not an error CloudFront caches.</summary>
    public TimeSpan? ErrorCachingTtl(int status)
    {
        if (status is < 400 or >= 600 || !_cachedErrors[status])
        {
            return null;
        }

        return _errors[status]?.ErrorCachingMinTtl ?? DefaultErrorCachingTtl;
    }

    public override string ToString() => Id;
}
