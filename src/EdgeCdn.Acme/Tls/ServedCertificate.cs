using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeCdn.Acme.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EdgeCdn.Acme.Tls;

/// <summary>
/// A certificate ready for handshakes: the leaf with its key, the intermediates, and one
/// <see cref="SslStreamCertificateContext"/> built once (offline, from the chain the CA sent) so that every handshake
/// sends the full chain without building it again. Handshake options are cached per listener protocol set.
/// </summary>
internal sealed class ServedCertificate : IDisposable
{
    private readonly SslServerAuthenticationOptions?[] _options = new SslServerAuthenticationOptions?[8];

    private ServedCertificate(IReadOnlyList<string> names, X509Certificate2 leaf, X509Certificate2Collection intermediates, StoredCertificate? stored)
    {
        Names = names;
        Leaf = leaf;
        Intermediates = intermediates;
        Stored = stored;
        Context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        SetKey = Protocol.DnsNames.SetKey(names);
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The name set this certificate was ordered for, as a key (see <see cref="Protocol.DnsNames.SetKey"/>).</summary>
    public string SetKey { get; }

    public X509Certificate2 Leaf { get; }

    public X509Certificate2Collection Intermediates { get; }

    public StoredCertificate? Stored { get; }

    public SslStreamCertificateContext Context { get; }

    public DateTimeOffset NotBefore => Leaf.NotBefore.ToUniversalTime();

    public DateTimeOffset NotAfter => Leaf.NotAfter.ToUniversalTime();

    public string Issuer => Leaf.Issuer;

    public static ServedCertificate FromStored(StoredCertificate stored)
    {
        // The key must belong to the leaf: CreateFromPem refuses a mismatched pair.
        var leaf = X509Certificate2.CreateFromPem(stored.CertificateChainPem, stored.PrivateKeyPem);
        var all = new X509Certificate2Collection();
        all.ImportFromPem(stored.CertificateChainPem);
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            intermediates.Add(all[i]);
        }

        all[0].Dispose();
        return new ServedCertificate(stored.Names, leaf, intermediates, stored);
    }

    /// <summary>The self-signed certificate for unknown names and local development: localhost, 127.0.0.1, ::1.</summary>
    public static ServedCertificate SelfSignedFallback(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost, O=EdgeCdn self-signed fallback", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return new ServedCertificate(["localhost"], certificate, [], stored: null);
    }

    /// <summary>TLS 1.2 and 1.3 only, ALPN from the listener's protocols (h2 first), session resumption on.</summary>
    public SslServerAuthenticationOptions OptionsFor(HttpProtocols protocols)
    {
        var index = (int)protocols & 7;
        return _options[index] ??= new SslServerAuthenticationOptions
        {
            ServerCertificateContext = Context,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ApplicationProtocols = Alpn(protocols),
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ClientCertificateRequired = false,
            AllowTlsResume = true,
            AllowRenegotiation = false,
        };
    }

    public void Dispose()
    {
        Leaf.Dispose();
        foreach (var intermediate in Intermediates)
        {
            intermediate.Dispose();
        }
    }

    private static List<SslApplicationProtocol> Alpn(HttpProtocols protocols)
    {
        var list = new List<SslApplicationProtocol>(2);
        if ((protocols & HttpProtocols.Http2) != 0)
        {
            list.Add(SslApplicationProtocol.Http2);
        }

        if ((protocols & HttpProtocols.Http1) != 0)
        {
            list.Add(SslApplicationProtocol.Http11);
        }

        return list;
    }
}
