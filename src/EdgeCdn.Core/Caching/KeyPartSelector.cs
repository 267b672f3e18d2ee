using System.Text;

namespace EdgeCdn.Core.Caching;

/// <summary>
/// Selects the query-string parameters, cookies or headers that a cache policy puts in the cache key. Names are
/// case-sensitive for query strings and cookies (as in CloudFront) and case-insensitive for headers. The viewer's
/// order is kept: CloudFront caches ?a=1&amp;b=2 and ?b=2&amp;a=1 separately too.
/// </summary>
public sealed class KeyPartSelector
{
    private readonly HashSet<string> _names;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public KeyPartSelector(KeyPartBehavior behavior, IEnumerable<string>? names, bool ignoreCase)
    {
        Behavior = behavior;
        var comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        _names = new HashSet<string>(names ?? [], comparer);
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        Names = [.. names ?? []];
    }

    public static KeyPartSelector None { get; } = new(KeyPartBehavior.None, null, ignoreCase: false);

    public KeyPartBehavior Behavior { get; }

    /// <summary>The configured names, in configuration order.</summary>
    public IReadOnlyList<string> Names { get; }

    public bool Includes(ReadOnlySpan<char> name) => Behavior switch
    {
        KeyPartBehavior.None => false,
        KeyPartBehavior.All => true,
        KeyPartBehavior.AllowList => _lookup.Contains(name),
        _ => !_lookup.Contains(name),
    };

    /// <summary>The parameters of a raw query (without '?', still percent-encoded) that the policy keeps, joined
    /// with '&amp;' in their original order; the input itself when all are kept (no allocation).</summary>
    public string FilterQuery(string rawQuery)
    {
        if (Behavior == KeyPartBehavior.None || rawQuery.Length == 0)
        {
            return string.Empty;
        }

        if (Behavior == KeyPartBehavior.All)
        {
            return rawQuery;
        }

        var span = rawQuery.AsSpan();
        StringBuilder? kept = null;
        var allKept = true;
        foreach (var range in span.Split('&'))
        {
            var pair = span[range];
            if (pair.IsEmpty)
            {
                allKept = false;
                continue;
            }

            var eq = pair.IndexOf('=');
            var rawName = eq < 0 ? pair : pair[..eq];
            var keep = rawName.ContainsAny('%', '+')
                ? Includes(Signing.UriEncoding.DecodeQueryComponent(rawName))
                : Includes(rawName);
            if (!keep)
            {
                allKept = false;
                continue;
            }

            kept ??= new StringBuilder(rawQuery.Length);
            if (kept.Length > 0)
            {
                kept.Append('&');
            }

            kept.Append(pair);
        }

        return allKept ? rawQuery : kept?.ToString() ?? string.Empty;
    }

    /// <summary>The cookies of a Cookie header value that the policy keeps, as "a=1; b=2" in their original order.</summary>
    public string FilterCookies(string? cookieHeader)
    {
        if (Behavior == KeyPartBehavior.None || string.IsNullOrEmpty(cookieHeader))
        {
            return string.Empty;
        }

        var span = cookieHeader.AsSpan();
        StringBuilder? kept = null;
        foreach (var range in span.Split(';'))
        {
            var pair = span[range].Trim(' ');
            if (pair.IsEmpty)
            {
                continue;
            }

            var eq = pair.IndexOf('=');
            var name = (eq < 0 ? pair : pair[..eq]).Trim(' ');
            if (!Includes(name))
            {
                continue;
            }

            kept ??= new StringBuilder(cookieHeader.Length);
            if (kept.Length > 0)
            {
                kept.Append("; ");
            }

            kept.Append(pair);
        }

        return kept?.ToString() ?? string.Empty;
    }
}
