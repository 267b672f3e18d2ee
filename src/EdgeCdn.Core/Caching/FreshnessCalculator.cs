namespace EdgeCdn.Core.Caching;

/// <summary>
/// CloudFront's TTL rules on top of RFC 9111: TTL = max(MinTTL, min(origin TTL, MaxTTL)) where the origin TTL comes
/// from s-maxage, else max-age, else Expires − Date; DefaultTTL when the origin says nothing. no-store and private
/// are honoured when MinTTL is 0 (not stored); with a positive MinTTL the object is cached for MinTTL. no-cache is
/// honoured as RFC 9111 §5.2.2.4 means it, where CloudFront simply does not cache: the response is stored but stale
/// at once, so every use is revalidated with the origin (a 304 costs no body) — a RefreshHit instead of a full miss.
/// </summary>
public static class FreshnessCalculator
{
    public static StorageDecision Decide(
        in CacheControlDirectives cacheControl, DateTimeOffset? expires, DateTimeOffset? date, DateTimeOffset responseTime,
        TtlSettings ttl)
    {
        var staleWhileRevalidate = cacheControl.StaleWhileRevalidate ?? TimeSpan.Zero;
        var mustRevalidate = cacheControl.MustRevalidate || cacheControl.ProxyRevalidate;
        var refusal = cacheControl.NoStore ? "no-store" : cacheControl.Private ? "private" : null;
        if (refusal is null && cacheControl.NoCache && ttl.Min <= TimeSpan.Zero)
        {
            return new StorageDecision { Store = true, Ttl = TimeSpan.Zero, MustRevalidate = true, Reason = "no-cache" };
        }

        refusal ??= cacheControl.NoCache ? "no-cache" : null;
        if (refusal is not null)
        {
            return ttl.Min <= TimeSpan.Zero
                ? new StorageDecision { Store = false, Reason = refusal }
                : new StorageDecision { Store = true, Ttl = ttl.Min, Reason = "min-ttl", MustRevalidate = mustRevalidate };
        }

        TimeSpan? origin = null;
        string reason;
        if (cacheControl.SharedMaxAge is { } sMaxAge)
        {
            origin = sMaxAge;
            reason = "s-maxage";
        }
        else if (cacheControl.MaxAge is { } maxAge)
        {
            origin = maxAge;
            reason = "max-age";
        }
        else if (expires is { } expiresAt)
        {
            var lifetime = expiresAt - (date ?? responseTime);
            origin = lifetime > TimeSpan.Zero ? lifetime : TimeSpan.Zero;
            reason = "expires";
        }
        else
        {
            reason = "default";
        }

        var value = origin is { } o ? Clamp(o, ttl) : ttl.Default;
        return new StorageDecision
        {
            Store = true,
            Ttl = value,
            StaleWhileRevalidate = staleWhileRevalidate,
            StaleIfError = cacheControl.StaleIfError,
            MustRevalidate = mustRevalidate,
            Reason = reason,
        };
    }

    /// <summary>The decision for a response whose fields are given as raw header values.</summary>
    public static StorageDecision Decide(
        string? cacheControl, string? expires, string? date, DateTimeOffset responseTime, TtlSettings ttl)
    {
        var directives = CacheControlParser.Parse(cacheControl);
        DateTimeOffset? expiresAt = null;
        if (expires is not null)
        {
            // An invalid Expires (often "0" or "-1") means "already expired" (RFC 9111 §5.3).
            expiresAt = HttpDate.TryParse(expires, out var parsed) ? parsed : DateTimeOffset.MinValue;
        }

        DateTimeOffset? dateValue = date is not null && HttpDate.TryParse(date, out var d) ? d : null;
        return Decide(directives, expiresAt, dateValue, responseTime, ttl);
    }

    private static TimeSpan Clamp(TimeSpan origin, TtlSettings ttl)
    {
        var capped = origin < ttl.Max ? origin : ttl.Max;
        return capped > ttl.Min ? capped : ttl.Min;
    }
}
