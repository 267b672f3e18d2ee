using System.Collections.Concurrent;
using EdgeCdn.Acme.Protocol;
using EdgeCdn.Acme.Tls;

namespace EdgeCdn.Acme.Renewal;

/// <summary>
/// The data behind <c>GET /_edgecdn/certificates</c>: every registered name set with the certificate being served for it,
/// the next renewal and the last error; certificates still served but no longer registered are listed as unmanaged.
/// </summary>
public sealed class CertificateStatusSource
{
    private readonly CertificateRegistry _registry;
    private readonly CertificateSelector _selector;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    internal CertificateStatusSource(CertificateRegistry registry, CertificateSelector selector, TimeProvider time)
    {
        _registry = registry;
        _selector = selector;
        _time = time;
    }

    /// <summary>Writes <see cref="GetStatuses"/> as the JSON document GET /_edgecdn/certificates returns.</summary>
    public Task WriteJsonAsync(Stream destination, CancellationToken cancellationToken) =>
        System.Text.Json.JsonSerializer.SerializeAsync(destination, GetStatuses(), StatusJsonContext.Default.IReadOnlyListCertificateStatus, cancellationToken);

    public IReadOnlyList<CertificateStatus> GetStatuses()
    {
        var now = _time.GetUtcNow();
        var result = new List<CertificateStatus>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var names in _registry.NameSets)
        {
            var key = DnsNames.SetKey(names);
            seen.Add(key);
            var served = _selector.Find(key);
            var entry = _entries.GetValueOrDefault(key);
            var state = entry is { Failures: > 0 } ? "failing"
                : served is null ? "pending"
                : served.NotAfter <= now ? "expired"
                : "valid";
            result.Add(new CertificateStatus(
                names, state, served?.Issuer, served?.NotBefore, served?.NotAfter, entry?.NextRenewal, entry?.LastRenewed,
                entry?.LastError, entry?.LastErrorAt, entry?.LastProblem, entry?.Failures ?? 0));
        }

        foreach (var served in _selector.All)
        {
            if (!seen.Contains(served.SetKey))
            {
                result.Add(new CertificateStatus(served.Names, "unmanaged", served.Issuer, served.NotBefore, served.NotAfter, null, null, null, null, null, 0));
            }
        }

        return result;
    }

    internal CertificateStatus? Get(IReadOnlyList<string> names)
    {
        var key = DnsNames.SetKey(DnsNames.NormalizeSet(names));
        return GetStatuses().FirstOrDefault(s => DnsNames.SetKey(s.Names) == key);
    }

    internal void Scheduled(string setKey, DateTimeOffset nextRenewal) => Update(setKey, e => e with { NextRenewal = nextRenewal });

    internal void Renewed(string setKey, DateTimeOffset at, DateTimeOffset nextRenewal) =>
        Update(setKey, e => e with { LastRenewed = at, NextRenewal = nextRenewal, Failures = 0, LastError = null, LastErrorAt = null, LastProblem = null });

    internal void Failed(string setKey, DateTimeOffset at, string error, AcmeProblem? problem, DateTimeOffset retryAt) =>
        Update(setKey, e => e with { LastError = error, LastErrorAt = at, LastProblem = problem, Failures = e.Failures + 1, NextRenewal = retryAt });

    internal int FailuresOf(string setKey) => _entries.GetValueOrDefault(setKey)?.Failures ?? 0;

    private void Update(string setKey, Func<Entry, Entry> change) =>
        _entries.AddOrUpdate(setKey, _ => change(new Entry()), (_, old) => change(old));

    private sealed record Entry(
        DateTimeOffset? NextRenewal = null,
        DateTimeOffset? LastRenewed = null,
        string? LastError = null,
        DateTimeOffset? LastErrorAt = null,
        AcmeProblem? LastProblem = null,
        int Failures = 0);
}
