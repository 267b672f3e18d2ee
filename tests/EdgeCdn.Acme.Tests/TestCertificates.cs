using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeCdn.Acme.Storage;

namespace EdgeCdn.Acme.Tests;

internal static class TestCertificates
{
    /// <summary>A self-signed certificate for <paramref name="name"/> (and <paramref name="moreNames"/>), as a store entry.</summary>
    public static StoredCertificate SelfSigned(string name, DateTimeOffset? notBefore = null, TimeSpan? lifetime = null, params string[] moreNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        foreach (var more in moreNames)
        {
            san.AddDnsName(more);
        }

        request.CertificateExtensions.Add(san.Build());
        var from = notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-1);
        using var certificate = request.CreateSelfSigned(from, from + (lifetime ?? TimeSpan.FromDays(90)));
        return new StoredCertificate([name, .. moreNames], certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
