using EdgeCdn.Core.Caching;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Edge.Serving;

/// <summary>
/// Viewer conditional requests answered from the cached representation, in RFC 9110 §13.2.2's order:
/// If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since; and If-Range for range requests.
/// </summary>
internal static class Preconditions
{
    public static bool Any(IHeaderDictionary headers) =>
        headers.IfNoneMatch.Count > 0 || headers.IfModifiedSince.Count > 0 || headers.IfMatch.Count > 0 || headers.IfUnmodifiedSince.Count > 0;

    public static PreconditionResult Evaluate(IHeaderDictionary headers, string? etag, DateTimeOffset? lastModified, bool isGetOrHead)
    {
        var ifMatch = headers.IfMatch;
        if (ifMatch.Count > 0)
        {
            if (!EntityTags.ListMatches(ifMatch.ToString(), etag, weak: false))
            {
                return PreconditionResult.Failed;
            }
        }
        else if (headers.IfUnmodifiedSince.Count > 0 && HttpDate.TryParse(headers.IfUnmodifiedSince.ToString(), out var unmodifiedSince) &&
            lastModified is { } modified && Truncate(modified) > unmodifiedSince)
        {
            return PreconditionResult.Failed;
        }

        var ifNoneMatch = headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            if (EntityTags.ListMatches(ifNoneMatch.ToString(), etag, weak: true))
            {
                return isGetOrHead ? PreconditionResult.NotModified : PreconditionResult.Failed;
            }
        }
        else if (isGetOrHead && headers.IfModifiedSince.Count > 0 && lastModified is { } lm &&
            HttpDate.TryParse(headers.IfModifiedSince.ToString(), out var modifiedSince) && Truncate(lm) <= modifiedSince)
        {
            return PreconditionResult.NotModified;
        }

        return PreconditionResult.Proceed;
    }

    /// <summary>If-Range: the range applies only while the representation is unchanged (strong ETag match, or the
    /// exact Last-Modified date).</summary>
    public static bool IfRangeAllows(IHeaderDictionary headers, string? etag, DateTimeOffset? lastModified)
    {
        var ifRange = headers.IfRange;
        if (ifRange.Count == 0)
        {
            return true;
        }

        var value = ifRange.ToString().Trim();
        if (value.StartsWith('"') || value.StartsWith("W/", StringComparison.Ordinal))
        {
            return EntityTags.ListMatches(value, etag, weak: false);
        }

        return lastModified is { } lm && HttpDate.TryParse(value, out var date) && Truncate(lm) == date;
    }

    private static DateTimeOffset Truncate(DateTimeOffset value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Offset);
}
