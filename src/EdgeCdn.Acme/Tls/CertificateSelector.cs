using System.Collections.Frozen;
using EdgeCdn.Acme.Storage;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.Acme.Tls;

/// <summary>
/// Picks the certificate for each handshake by SNI: exact name first, then a wildcard for the parent domain, then the
/// self-signed fallback. Reads an immutable snapshot (no lock on the handshake path); installing a certificate builds a
/// new snapshot and swaps it, so a renewal takes effect on the next handshake while open connections keep theirs.
/// </summary>
internal sealed partial class CertificateSelector : IDisposable
{
    private readonly ICertificateStore _store;
    private readonly ILogger<CertificateSelector> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServedCertificate> _bySetKey = new(StringComparer.Ordinal);
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private Task? _loading;

    public CertificateSelector(ICertificateStore store, TimeProvider time, ILogger<CertificateSelector> logger)
    {
        _store = store;
        _logger = logger;
        Fallback = ServedCertificate.SelfSignedFallback(time.GetUtcNow());
    }

    public ServedCertificate Fallback { get; }

    /// <summary>Every installed certificate (one per name set).</summary>
    public IReadOnlyCollection<ServedCertificate> All => _snapshot.All;

    public ServedCertificate Select(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return Fallback;
        }

        var snapshot = _snapshot;
        var name = serverName.AsSpan().TrimEnd('.');
        if (snapshot.Exact.TryGetValue(name, out var exact))
        {
            return exact;
        }

        var dot = name.IndexOf('.');
        if (dot > 0 && snapshot.Wildcard.TryGetValue(name[(dot + 1)..], out var wildcard))
        {
            return wildcard;
        }

        return Fallback;
    }

    /// <summary>The installed certificate for exactly this name set, if any.</summary>
    public ServedCertificate? Find(string setKey)
    {
        lock (_gate)
        {
            return _bySetKey.GetValueOrDefault(setKey);
        }
    }

    /// <summary>Installs (or replaces, for the same name set) a certificate. Connections already open keep the old one.</summary>
    public void Install(ServedCertificate certificate)
    {
        lock (_gate)
        {
            // The replaced certificate is not disposed: handshakes in flight may still hold its context.
            _bySetKey[certificate.SetKey] = certificate;
            _snapshot = Snapshot.Build(_bySetKey.Values);
        }
    }

    /// <summary>Loads the stored certificates once (the first caller does the work; the others wait for it).</summary>
    public Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _loading ??= LoadAsync(cancellationToken);
        }
    }

    /// <summary>Reads the store again and installs every certificate newer than the one serving its name set (a node
    /// without ACME picks up what a node sharing its store obtained or renewed).</summary>
    public Task ReloadAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public void Dispose() => Fallback.Dispose();

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.LoadAllAsync(cancellationToken);
        var loaded = 0;
        foreach (var certificate in stored)
        {
            try
            {
                var served = ServedCertificate.FromStored(certificate);
                lock (_gate)
                {
                    // A certificate installed meanwhile (just issued) is newer than the stored one: keep it.
                    if (!_bySetKey.TryGetValue(served.SetKey, out var current) || current.NotAfter < served.NotAfter)
                    {
                        _bySetKey[served.SetKey] = served;
                    }
                }

                loaded++;
                Log.Loaded(_logger, string.Join(", ", served.Names), served.NotAfter);
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                Log.Unusable(_logger, certificate.ToString(), ex);
            }
        }

        lock (_gate)
        {
            _snapshot = Snapshot.Build(_bySetKey.Values);
        }

        Log.LoadedAll(_logger, loaded);
    }

    private sealed class Snapshot
    {
        public static readonly Snapshot Empty = Build([]);

        private Snapshot(FrozenDictionary<string, ServedCertificate> exact, FrozenDictionary<string, ServedCertificate> wildcard, IReadOnlyCollection<ServedCertificate> all)
        {
            Exact = exact.GetAlternateLookup<ReadOnlySpan<char>>();
            Wildcard = wildcard.GetAlternateLookup<ReadOnlySpan<char>>();
            All = all;
        }

        public FrozenDictionary<string, ServedCertificate>.AlternateLookup<ReadOnlySpan<char>> Exact { get; }

        public FrozenDictionary<string, ServedCertificate>.AlternateLookup<ReadOnlySpan<char>> Wildcard { get; }

        public IReadOnlyCollection<ServedCertificate> All { get; }

        public static Snapshot Build(IEnumerable<ServedCertificate> certificates)
        {
            var exact = new Dictionary<string, ServedCertificate>(StringComparer.OrdinalIgnoreCase);
            var wildcard = new Dictionary<string, ServedCertificate>(StringComparer.OrdinalIgnoreCase);
            var all = certificates.ToList();
            // When two certificates cover a name, the one valid longest wins.
            foreach (var certificate in all.OrderBy(c => c.NotAfter))
            {
                foreach (var name in certificate.Names)
                {
                    if (Protocol.DnsNames.IsWildcard(name))
                    {
                        wildcard[name[2..]] = certificate;
                    }
                    else
                    {
                        exact[name] = certificate;
                    }
                }
            }

            return new Snapshot(
                exact.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
                wildcard.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
                all);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Serving stored certificate for {Names} (valid until {NotAfter:u})")]
        public static partial void Loaded(ILogger logger, string names, DateTimeOffset notAfter);

        [LoggerMessage(2, LogLevel.Warning, "Stored {Certificate} cannot be served (key and certificate do not match, or unreadable)")]
        public static partial void Unusable(ILogger logger, string certificate, Exception exception);

        [LoggerMessage(3, LogLevel.Information, "{Count} stored certificate(s) loaded")]
        public static partial void LoadedAll(ILogger logger, int count);
    }
}
