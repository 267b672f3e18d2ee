namespace EdgeCdn.Core.Caching;

/// <summary>
/// Parses Cache-Control field values (RFC 9111 §5.2, RFC 5861): comma-separated directives, names case-insensitive,
/// arguments as tokens or quoted strings. Unknown directives are ignored. Never throws and never allocates.
/// </summary>
public static class CacheControlParser
{
    /// <summary>RFC 9111 §1.2.2: a delta-seconds larger than this is taken as this.</summary>
    private const long MaxDeltaSeconds = 2147483648;

    public static CacheControlDirectives Parse(ReadOnlySpan<char> value)
    {
        var result = new CacheControlDirectives();
        var rest = value;
        while (!rest.IsEmpty)
        {
            var end = DirectiveEnd(rest);
            var directive = rest[..end].Trim(" \t");
            rest = end < rest.Length ? rest[(end + 1)..] : ReadOnlySpan<char>.Empty;
            if (directive.IsEmpty)
            {
                continue;
            }

            var eq = directive.IndexOf('=');
            var name = (eq < 0 ? directive : directive[..eq]).Trim(" \t");
            var argument = eq < 0 ? ReadOnlySpan<char>.Empty : Unquote(directive[(eq + 1)..].Trim(" \t"));
            result = result with { IsPresent = true };
            if (name.Equals("max-age", StringComparison.OrdinalIgnoreCase))
            {
                result = result with { MaxAge = Seconds(argument) };
            }
            else if (name.Equals("s-maxage", StringComparison.OrdinalIgnoreCase))
            {
                result = result with { SharedMaxAge = Seconds(argument) };
            }
            else if (name.Equals("stale-while-revalidate", StringComparison.OrdinalIgnoreCase))
            {
                result = result with { StaleWhileRevalidate = Seconds(argument) };
            }
            else if (name.Equals("stale-if-error", StringComparison.OrdinalIgnoreCase))
            {
                result = result with { StaleIfError = Seconds(argument) };
            }
            else if (name.Equals("no-store", StringComparison.OrdinalIgnoreCase))
            {
                result = result with { NoStore = true };
            }
            else if (name.Equals("no-cache", StringComparison.OrdinalIgnoreCase))
            {
                // The qualified form (no-cache="Set-Cookie") is treated like the unqualified one: safe for a CDN.
                result = result with { NoCache = true };
            }
            else if (name.Equals("private", StringComparison.OrdinalIgnoreCase))
            {
                result = result with { Private = true };
            }
            else if (name.Equals("public", StringComparison.OrdinalIgnoreCase))
            {
                result = result with { Public = true };
            }
            else if (name.Equals("must-revalidate", StringComparison.OrdinalIgnoreCase))
            {
                result = result with { MustRevalidate = true };
            }
            else if (name.Equals("proxy-revalidate", StringComparison.OrdinalIgnoreCase))
            {
                result = result with { ProxyRevalidate = true };
            }
            else if (name.Equals("immutable", StringComparison.OrdinalIgnoreCase))
            {
                result = result with { Immutable = true };
            }
            else if (name.Equals("no-transform", StringComparison.OrdinalIgnoreCase))
            {
                result = result with { NoTransform = true };
            }
        }

        return result;
    }

    /// <summary>The index of the first comma that is not inside a quoted string (or the length).</summary>
    private static int DirectiveEnd(ReadOnlySpan<char> value)
    {
        var inQuotes = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (inQuotes && c == '\\')
            {
                i++;
            }
            else if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == ',' && !inQuotes)
            {
                return i;
            }
        }

        return value.Length;
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> argument) =>
        argument.Length >= 2 && argument[0] == '"' && argument[^1] == '"' ? argument[1..^1] : argument;

    private static TimeSpan Seconds(ReadOnlySpan<char> argument)
    {
        if (argument.IsEmpty)
        {
            return TimeSpan.Zero;
        }

        long seconds = 0;
        foreach (var c in argument)
        {
            if (c is < '0' or > '9')
            {
                return TimeSpan.Zero;
            }

            seconds = Math.Min(MaxDeltaSeconds, (seconds * 10) + (c - '0'));
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
