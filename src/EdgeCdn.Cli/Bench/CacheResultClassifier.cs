namespace EdgeCdn.Cli.Bench;

/// <summary>
/// Reads the cache result from response headers in the dialects CDNs speak: CloudFront/EdgeCdn
/// ("X-Cache: Hit from edgecdn", "RefreshHit from cloudfront"), nginx ($upstream_cache_status: HIT, MISS,
/// EXPIRED, STALE, UPDATING, REVALIDATED, BYPASS), Varnish (HIT/MISS), and Server-Timing (cdn-cache-hit...).
/// </summary>
internal static class CacheResultClassifier
{
    public static CacheResult Classify(string? xCache, string? serverTiming, int status)
    {
        if (!string.IsNullOrWhiteSpace(xCache))
        {
            var token = xCache.AsSpan().Trim();
            var space = token.IndexOf(' ');
            if (space > 0)
            {
                token = token[..space];
            }

            if (token.Equals("Hit", StringComparison.OrdinalIgnoreCase) || token.Equals("TCP_HIT", StringComparison.OrdinalIgnoreCase))
            {
                return CacheResult.Hit;
            }

            if (token.Equals("RefreshHit", StringComparison.OrdinalIgnoreCase) || token.Equals("REVALIDATED", StringComparison.OrdinalIgnoreCase))
            {
                return CacheResult.Refresh;
            }

            if (token.Equals("Miss", StringComparison.OrdinalIgnoreCase) || token.Equals("EXPIRED", StringComparison.OrdinalIgnoreCase) ||
                token.Equals("BYPASS", StringComparison.OrdinalIgnoreCase) || token.Equals("TCP_MISS", StringComparison.OrdinalIgnoreCase))
            {
                return CacheResult.Miss;
            }

            if (token.Equals("STALE", StringComparison.OrdinalIgnoreCase) || token.Equals("UPDATING", StringComparison.OrdinalIgnoreCase) ||
                token.Equals("StaleHit", StringComparison.OrdinalIgnoreCase))
            {
                return CacheResult.Stale;
            }

            if (token.Equals("Error", StringComparison.OrdinalIgnoreCase) || token.Equals("LimitExceeded", StringComparison.OrdinalIgnoreCase) ||
                token.Equals("CapacityExceeded", StringComparison.OrdinalIgnoreCase))
            {
                return CacheResult.Error;
            }
        }

        if (!string.IsNullOrEmpty(serverTiming))
        {
            if (serverTiming.Contains("cdn-cache-hit", StringComparison.OrdinalIgnoreCase))
            {
                return CacheResult.Hit;
            }

            if (serverTiming.Contains("cdn-cache-refresh", StringComparison.OrdinalIgnoreCase))
            {
                return CacheResult.Refresh;
            }

            if (serverTiming.Contains("cdn-cache-stale", StringComparison.OrdinalIgnoreCase))
            {
                return CacheResult.Stale;
            }

            if (serverTiming.Contains("cdn-cache-miss", StringComparison.OrdinalIgnoreCase))
            {
                return CacheResult.Miss;
            }
        }

        return status >= 500 ? CacheResult.Error : CacheResult.Unknown;
    }
}
