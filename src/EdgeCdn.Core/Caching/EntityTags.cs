namespace EdgeCdn.Core.Caching;

/// <summary>
/// Entity-tag comparison for conditional requests (RFC 9110 §8.8.3): weak comparison for If-None-Match, strong
/// comparison for If-Match and If-Range. Works on the raw field values, without allocating.
/// </summary>
public static class EntityTags
{
    /// <summary>True when <paramref name="list"/> ("*" or a comma-separated list of entity-tags) matches
    /// <paramref name="etag"/>. With <paramref name="weak"/> the W/ prefixes are ignored; otherwise a weak tag on
    /// either side never matches.</summary>
    public static bool ListMatches(ReadOnlySpan<char> list, ReadOnlySpan<char> etag, bool weak)
    {
        list = list.Trim(" \t");
        if (list.SequenceEqual("*"))
        {
            return !etag.IsEmpty;
        }

        if (etag.IsEmpty)
        {
            return false;
        }

        var targetWeak = IsWeak(etag);
        if (!weak && targetWeak)
        {
            return false;
        }

        var target = Opaque(etag);
        while (!list.IsEmpty)
        {
            list = list.TrimStart(" \t,");
            if (list.IsEmpty)
            {
                break;
            }

            var candidateWeak = false;
            if (list.StartsWith("W/", StringComparison.Ordinal))
            {
                candidateWeak = true;
                list = list[2..];
            }

            if (list.IsEmpty || list[0] != '"')
            {
                // Not an entity-tag: skip to the next comma.
                var comma = list.IndexOf(',');
                list = comma < 0 ? ReadOnlySpan<char>.Empty : list[(comma + 1)..];
                continue;
            }

            var close = list[1..].IndexOf('"');
            if (close < 0)
            {
                return false;
            }

            var candidate = list[..(close + 2)];
            list = list[(close + 2)..];
            if ((weak || !candidateWeak) && candidate.SequenceEqual(target))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsWeak(ReadOnlySpan<char> etag) => etag.StartsWith("W/", StringComparison.Ordinal);

    /// <summary>The quoted opaque part, without any W/ prefix.</summary>
    public static ReadOnlySpan<char> Opaque(ReadOnlySpan<char> etag) => IsWeak(etag) ? etag[2..] : etag;

    /// <summary>A strong tag made weak (W/"x"); a weak one is returned unchanged.</summary>
    public static string ToWeak(string etag) => IsWeak(etag) ? etag : "W/" + etag;
}
