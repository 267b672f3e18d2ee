namespace EdgeCdn.Core.Caching;

/// <summary>
/// The Cache-Control directives of a response (RFC 9111 §5.2.2) that a shared cache acts on. Durations are null when
/// the directive is absent; a directive whose value is not a valid delta-seconds counts as 0 (stale at once), which is
/// the safe reading of a value the cache cannot understand.
/// </summary>
public readonly record struct CacheControlDirectives
{
    public TimeSpan? MaxAge { get; init; }

    public TimeSpan? SharedMaxAge { get; init; }

    public TimeSpan? StaleWhileRevalidate { get; init; }

    public TimeSpan? StaleIfError { get; init; }

    public bool NoStore { get; init; }

    public bool NoCache { get; init; }

    public bool Private { get; init; }

    public bool Public { get; init; }

    public bool MustRevalidate { get; init; }

    public bool ProxyRevalidate { get; init; }

    public bool Immutable { get; init; }

    public bool NoTransform { get; init; }

    /// <summary>True when any directive at all was present.</summary>
    public bool IsPresent { get; init; }
}
