using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Objects;

/// <summary>
/// Conditional requests in RFC 9110's order: If-Match (else If-Unmodified-Since) can fail with 412; If-None-Match (else
/// If-Modified-Since) answers 304 for reads. Copies use the x-amz-copy-source-if-* variants, where every failure is 412.
/// Dates compare at one-second precision, as HTTP dates carry.
/// </summary>
internal static class Preconditions
{
    public const string CopySourcePrefix = "x-amz-copy-source-";

    public static PreconditionResult Evaluate(IHeaderDictionary headers, string etag, DateTimeOffset lastModified, string prefix = "")
    {
        var modified = TruncateToSeconds(lastModified);
        var ifMatch = headers[prefix + "If-Match"].ToString();
        if (ifMatch.Length > 0)
        {
            if (!Matches(ifMatch, etag))
            {
                return new PreconditionResult(PreconditionOutcome.Failed, prefix + "If-Match");
            }
        }
        else if (TryParseDate(headers[prefix + "If-Unmodified-Since"].ToString(), out var unmodifiedSince) && modified > unmodifiedSince)
        {
            return new PreconditionResult(PreconditionOutcome.Failed, prefix + "If-Unmodified-Since");
        }

        var ifNoneMatch = headers[prefix + "If-None-Match"].ToString();
        var notModified = prefix.Length == 0 ? PreconditionOutcome.NotModified : PreconditionOutcome.Failed;
        if (ifNoneMatch.Length > 0)
        {
            if (Matches(ifNoneMatch, etag))
            {
                return new PreconditionResult(notModified, prefix + "If-None-Match");
            }
        }
        else if (TryParseDate(headers[prefix + "If-Modified-Since"].ToString(), out var modifiedSince) && modified <= modifiedSince)
        {
            return new PreconditionResult(notModified, prefix + "If-Modified-Since");
        }

        return new PreconditionResult(PreconditionOutcome.Proceed, null);
    }

    /// <summary>True when the header's entity-tag list (quoted or not, weak or strong, or "*") names <paramref name="etag"/>.</summary>
    public static bool Matches(string header, string etag)
    {
        foreach (var item in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (item == "*")
            {
                return true;
            }

            var tag = item.StartsWith("W/", StringComparison.Ordinal) ? item[2..] : item;
            if (tag.Trim('"') == etag)
            {
                return true;
            }
        }

        return false;
    }

    public static bool TryParseDate(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length == 0)
        {
            return false;
        }

        return DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value) ||
               DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Offset);
}

internal enum PreconditionOutcome
{
    Proceed,
    NotModified,
    Failed,
}

internal readonly record struct PreconditionResult(PreconditionOutcome Outcome, string? Condition);
