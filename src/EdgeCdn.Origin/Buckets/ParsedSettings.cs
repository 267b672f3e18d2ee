using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Buckets;

/// <summary>
/// Parsed bucket configuration, cached against the immutable <see cref="BucketSettings"/> instance it came from:
/// a policy or CORS document is parsed once per change, not once per request.
/// </summary>
internal static class ParsedSettings
{
    private static readonly ConditionalWeakTable<BucketSettings, ConcurrentDictionary<string, object>> Cache = new();

    /// <summary>The document of <paramref name="kind"/> parsed by <paramref name="parse"/>, or null when there is none.</summary>
    public static T? Get<T>(BucketSettings settings, string kind, Func<string, T> parse)
        where T : class
    {
        if (settings.Get(kind) is not { } document)
        {
            return null;
        }

        var entries = Cache.GetValue(settings, _ => new ConcurrentDictionary<string, object>(StringComparer.Ordinal));
        return (T)entries.GetOrAdd(kind, _ => parse(document));
    }
}
