namespace EdgeCdn.Acme.Protocol;

/// <summary>Host names as certificates and orders use them: normalised, checked, and grouped into name sets.</summary>
internal static class DnsNames
{
    public const string WildcardNeedsDns01 =
        "is a wildcard name: http-01 and tls-alpn-01 cannot prove control of a wildcard (RFC 8555 §7.1.3), only dns-01 can, " +
        "and dns-01 needs a DNS provider hook that this edge does not have; list the host names one by one instead";

    /// <summary>Lower case, no trailing dot, trimmed.</summary>
    public static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    public static bool IsWildcard(string name) => name.StartsWith("*.", StringComparison.Ordinal);

    /// <summary>Why <paramref name="name"/> (normalised) cannot be put in a certificate order, or null when it can.</summary>
    public static string? Check(string name)
    {
        if (name.Length == 0)
        {
            return "is empty";
        }

        if (name.Length > 253)
        {
            return "is longer than 253 characters";
        }

        var host = IsWildcard(name) ? name[2..] : name;
        if (System.Net.IPAddress.TryParse(host, out _))
        {
            return "is an IP address: only DNS names are ordered here";
        }

        var labels = host.Split('.');
        if (labels.Length < 2)
        {
            return "is a single label: public CAs only issue for fully qualified names";
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63)
            {
                return "has an empty label or one longer than 63 characters";
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                return "has a label that starts or ends with '-'";
            }

            foreach (var c in label)
            {
                if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                {
                    return c > 127
                        ? "is not ASCII: write internationalised names in their punycode (xn--) form"
                        : $"contains '{c}', which a host name cannot";
                }
            }
        }

        return null;
    }

    /// <summary>The names normalised, duplicates removed, first-seen order kept (the first becomes the common name).</summary>
    public static IReadOnlyList<string> NormalizeSet(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var name in names)
        {
            var normalized = Normalize(name);
            if (seen.Add(normalized))
            {
                result.Add(normalized);
            }
        }

        return result;
    }

    /// <summary>A stable key for a name set, independent of order: the sorted names joined by commas.</summary>
    public static string SetKey(IEnumerable<string> normalizedNames) =>
        string.Join(',', normalizedNames.Order(StringComparer.Ordinal));
}
