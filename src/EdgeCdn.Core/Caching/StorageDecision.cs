namespace EdgeCdn.Core.Caching;

/// <summary>Whether a response may be stored, for how long it is fresh, and how long it may be served stale.</summary>
public readonly record struct StorageDecision
{
    public bool Store { get; init; }

    /// <summary>Freshness lifetime counted from the response's age 0 (RFC 9111 §4.2.1, clamped by the TTL settings).</summary>
    public TimeSpan Ttl { get; init; }

    /// <summary>RFC 5861 stale-while-revalidate window after expiry (zero when absent).</summary>
    public TimeSpan StaleWhileRevalidate { get; init; }

    /// <summary>RFC 5861 stale-if-error window after expiry; null when the origin did not say (then a CDN may serve
    /// stale on error without a bound, as CloudFront does).</summary>
    public TimeSpan? StaleIfError { get; init; }

    /// <summary>must-revalidate / proxy-revalidate: never serve this stale.</summary>
    public bool MustRevalidate { get; init; }

    /// <summary>Why: "max-age", "s-maxage", "expires", "default", "min-ttl", "no-store", "no-cache", "private".</summary>
    public string Reason { get; init; }
}
