using System.Security.Cryptography;
using System.Text;
using EdgeCdn.Acme.Challenges;
using EdgeCdn.Acme.Storage;

namespace EdgeCdn.Acme.Tests.Challenges;

public sealed class TlsAlpn01CertificateTests
{
    [Fact]
    public void Create_Rfc8737_CriticalAcmeIdentifierWithSha256OfKeyAuthorization_SingleDnsSan()
    {
        const string keyAuthorization = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
        using var certificate = TlsAlpn01Certificate.Create("www.example.org", keyAuthorization, DateTimeOffset.UtcNow);

        var extension = certificate.Extensions.Single(e => e.Oid?.Value == "1.3.6.1.5.5.7.1.31");
        Assert.True(extension.Critical);
        // DER OCTET STRING (tag 0x04, length 0x20) holding SHA-256(keyAuthorization).
        Assert.Equal([0x04, 0x20, .. SHA256.HashData(Encoding.UTF8.GetBytes(keyAuthorization))], extension.RawData);
        Assert.Equal(["www.example.org"], FileCertificateStore.SubjectAlternativeDnsNames(certificate));
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.True(certificate.HasPrivateKey);
        Assert.True(certificate.NotBefore.ToUniversalTime() < DateTime.UtcNow && certificate.NotAfter.ToUniversalTime() > DateTime.UtcNow.AddDays(1));
    }

    [Fact]
    public async Task Create_OpensslParsesTheExtensionAsCritical()
    {
        using var certificate = TlsAlpn01Certificate.Create("check.example.test", "t.k", DateTimeOffset.UtcNow);
        var text = certificate.ExportCertificatePem();
        var (exit, output) = await ProcessRunner.RunAsync("openssl", ["x509", "-noout", "-text"], null, text);
        Assert.Equal(0, exit);
        Assert.Contains("1.3.6.1.5.5.7.1.31: critical", output, StringComparison.Ordinal);
        Assert.Contains("DNS:check.example.test", output, StringComparison.Ordinal);
    }
}
