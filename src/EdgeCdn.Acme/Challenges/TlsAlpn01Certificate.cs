using System.Formats.Asn1;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EdgeCdn.Acme.Challenges;

/// <summary>The tls-alpn-01 validation certificate of RFC 8737 §3.</summary>
internal static class TlsAlpn01Certificate
{
    /// <summary>id-pe-acmeIdentifier (RFC 8737 §6.1).</summary>
    public const string AcmeIdentifierOid = "1.3.6.1.5.5.7.1.31";

    /// <summary>The ALPN protocol a validation handshake offers, and the only one it may negotiate.</summary>
    public const string AcmeTls1Name = "acme-tls/1";

    public static readonly SslApplicationProtocol AcmeTls1 = new(AcmeTls1Name);

    /// <summary>
    /// Self-signed, with exactly one dNSName SAN (the name being validated) and the critical acmeIdentifier extension whose
    /// value is the DER OCTET STRING of SHA-256(key authorization).
    /// </summary>
    public static X509Certificate2 Create(string name, string keyAuthorization, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = name.Length <= 64 ? new X500DistinguishedName("CN=" + name) : new X500DistinguishedName("");
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build(critical: false));
        request.CertificateExtensions.Add(new X509Extension(AcmeIdentifierOid, ExtensionValue(keyAuthorization), critical: true));
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
    }

    /// <summary>acmeValidation ::= OCTET STRING (SIZE (32)) holding SHA-256 of the key authorization.</summary>
    public static byte[] ExtensionValue(string keyAuthorization)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(SHA256.HashData(Encoding.UTF8.GetBytes(keyAuthorization)));
        return writer.Encode();
    }
}
