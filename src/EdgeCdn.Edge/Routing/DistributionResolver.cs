using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Routing;

/// <summary>
/// Host header → distribution: exact alternate names first, then "*.example.com" wildcards (longest first), then a
/// "*" catch-all. Looks up by span, so the hit path does not allocate.
/// </summary>
internal sealed class DistributionResolver
{
    private readonly Dictionary<string, Distribution> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Distribution>.AlternateLookup<ReadOnlySpan<char>> _exactLookup;
    private readonly (string Suffix, Distribution Distribution)[] _wildcards;
    private readonly Distribution? _catchAll;

    public DistributionResolver(IEnumerable<Distribution> distributions)
    {
        var wildcards = new List<(string, Distribution)>();
        foreach (var distribution in distributions)
        {
            foreach (var alias in distribution.Aliases)
            {
                if (alias == "*")
                {
                    _catchAll = distribution;
                }
                else if (alias.StartsWith("*.", StringComparison.Ordinal))
                {
                    wildcards.Add((alias[1..], distribution));
                }
                else
                {
                    _exact[alias.TrimEnd('.')] = distribution;
                }
            }
        }

        _wildcards = [.. wildcards.OrderByDescending(w => w.Item1.Length)];
        _exactLookup = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The distribution for a Host header value (port and a trailing dot ignored), or null.</summary>
    public Distribution? Find(ReadOnlySpan<char> hostHeader)
    {
        var host = HostName(hostHeader);
        if (!host.IsEmpty)
        {
            if (_exactLookup.TryGetValue(host, out var exact))
            {
                return exact;
            }

            foreach (var (suffix, distribution) in _wildcards)
            {
                // "*.example.com" covers one more label: a.example.com, not example.com nor a.b.example.com.
                if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) &&
                    host[..^suffix.Length].IndexOf('.') < 0)
                {
                    return distribution;
                }
            }
        }

        return _catchAll;
    }

    public static ReadOnlySpan<char> HostName(ReadOnlySpan<char> hostHeader)
    {
        if (hostHeader.StartsWith('['))
        {
            var close = hostHeader.IndexOf(']');
            return close < 0 ? ReadOnlySpan<char>.Empty : hostHeader[..(close + 1)];
        }

        var colon = hostHeader.IndexOf(':');
        var host = colon < 0 ? hostHeader : hostHeader[..colon];
        return host.EndsWith('.') ? host[..^1] : host;
    }
}
