using EdgeCdn.Acme.Protocol;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Acme.Renewal;

/// <summary>
/// The name sets this edge needs certificates for: one per distribution (its alternate domain names), plus the ones in
/// <c>Acme:Certificates</c>. The edge registers and unregisters at run time; the renewal service obtains what is missing.
/// </summary>
public sealed class CertificateRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyList<string>> _sets = new(StringComparer.Ordinal);

    public CertificateRegistry(IOptions<AcmeOptions> options)
    {
        foreach (var certificate in options.Value.Certificates)
        {
            // Invalid sets are reported by the options validator at start; here they are only skipped.
            TryRegister(certificate.Names, out _);
        }
    }

    /// <summary>Raised after a name set was added or removed.</summary>
    internal event Action? Changed;

    /// <summary>The registered name sets, normalised (lower case, no duplicates, first name first).</summary>
    public IReadOnlyList<IReadOnlyList<string>> NameSets
    {
        get
        {
            lock (_gate)
            {
                return [.. _sets.Values];
            }
        }
    }

    /// <summary>
    /// Asks for a certificate covering <paramref name="names"/> (one certificate per set). False, with the reason, when a
    /// name cannot be ordered: not a host name, an IP address, or a wildcard (http-01 and tls-alpn-01 cannot prove those).
    /// </summary>
    public bool TryRegister(IEnumerable<string> names, out string? error)
    {
        var set = DnsNames.NormalizeSet(names);
        error = Check(set);
        if (error is not null)
        {
            return false;
        }

        bool added;
        lock (_gate)
        {
            added = _sets.TryAdd(DnsNames.SetKey(set), set);
        }

        if (added)
        {
            Changed?.Invoke();
        }

        return true;
    }

    /// <summary>Stops renewing the certificate for exactly this name set (it keeps being served until it expires).</summary>
    public bool Unregister(IEnumerable<string> names)
    {
        bool removed;
        lock (_gate)
        {
            removed = _sets.Remove(DnsNames.SetKey(DnsNames.NormalizeSet(names)));
        }

        if (removed)
        {
            Changed?.Invoke();
        }

        return removed;
    }

    internal static string? Check(IReadOnlyList<string> set)
    {
        if (set.Count == 0)
        {
            return "a certificate needs at least one name";
        }

        if (set.Count > 100)
        {
            return "a certificate can hold at most 100 names";
        }

        foreach (var name in set)
        {
            // Only dns-01 proves a wildcard, and this edge has no DNS provider hook to answer it.
            if (DnsNames.IsWildcard(name))
            {
                return $"'{name}' {DnsNames.WildcardNeedsDns01}";
            }

            if (DnsNames.Check(name) is { } problem)
            {
                return $"'{name}' {problem}";
            }
        }

        return null;
    }
}
