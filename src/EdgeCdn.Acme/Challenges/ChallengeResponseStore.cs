using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace EdgeCdn.Acme.Challenges;

/// <summary>
/// What this edge answers to the CA's validation requests while an order is open: http-01 key authorizations by token,
/// tls-alpn-01 validation certificates by name. Read on the hot path (every HTTP request to the challenge path, every
/// TLS handshake when any tls-alpn-01 challenge is open), written only by the order flow.
/// </summary>
internal sealed class ChallengeResponseStore
{
    private static readonly List<SslApplicationProtocol> AcmeTlsOnly = [TlsAlpn01Certificate.AcmeTls1];

    private readonly ConcurrentDictionary<string, string> _http01 = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SslServerAuthenticationOptions> _tlsAlpn01 = new(StringComparer.OrdinalIgnoreCase);
    private int _tlsAlpn01Count;

    /// <summary>Cheap check for the TLS path: ClientHello inspection only happens while a tls-alpn-01 challenge is open.</summary>
    public bool HasTlsAlpn01Challenges => Volatile.Read(ref _tlsAlpn01Count) > 0;

    public void AddHttp01(string token, string keyAuthorization) => _http01[token] = keyAuthorization;

    public bool TryGetHttp01(string token, out string keyAuthorization) => _http01.TryGetValue(token, out keyAuthorization!);

    public void RemoveHttp01(string token) => _http01.TryRemove(token, out _);

    public void AddTlsAlpn01(string name, X509Certificate2 validationCertificate)
    {
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(validationCertificate, additionalCertificates: null, offline: true),
            ApplicationProtocols = AcmeTlsOnly,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            // A validation handshake is one-off; nothing to resume.
            AllowTlsResume = false,
        };
        var added = true;
        _tlsAlpn01.AddOrUpdate(name, options, (_, _) =>
        {
            added = false;
            return options;
        });
        if (added)
        {
            Interlocked.Increment(ref _tlsAlpn01Count);
        }

        TlsAlpn01Added?.Invoke(name);
    }

    /// <summary>Raised once a tls-alpn-01 validation certificate is being served for a name (before the CA is asked
    /// to validate); tests use it to act while the challenge is certainly open.</summary>
    public event Action<string>? TlsAlpn01Added;

    public bool TryGetTlsAlpn01(string? name, out SslServerAuthenticationOptions options)
    {
        if (name is null)
        {
            options = null!;
            return false;
        }

        return _tlsAlpn01.TryGetValue(name.TrimEnd('.'), out options!);
    }

    public void RemoveTlsAlpn01(string name)
    {
        if (_tlsAlpn01.TryRemove(name, out _))
        {
            Interlocked.Decrement(ref _tlsAlpn01Count);
        }
    }
}
