using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeCdn.Acme.Challenges;
using EdgeCdn.Acme.Protocol;
using EdgeCdn.Acme.Storage;
using EdgeCdn.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Acme.Tests.Protocol;

public sealed class AcmeCertificateIssuerTests
{
    [Theory]
    [InlineData(CertificateKeyType.EcdsaP256, "1.2.840.10045.2.1", 256)]
    [InlineData(CertificateKeyType.Rsa2048, "1.2.840.113549.1.1.1", 2048)]
    public void CreateSigningRequest_KeyTypeAndEveryNameAsSan(CertificateKeyType keyType, string algorithmOid, int keySize)
    {
        var (der, keyPem) = AcmeCertificateIssuer.CreateSigningRequest(["a.example.test", "b.example.test"], keyType);

        var request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        Assert.Equal("CN=a.example.test", request.SubjectName.Name);
        Assert.Equal(algorithmOid, request.PublicKey.Oid.Value);
        var san = request.CertificateExtensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["a.example.test", "b.example.test"], san.EnumerateDnsNames());
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", keyPem, StringComparison.Ordinal);
        using AsymmetricAlgorithm key = keyType == CertificateKeyType.Rsa2048 ? RSA.Create() : ECDsa.Create();
        key.ImportFromPem(keyPem);
        Assert.Equal(keySize, key.KeySize);
    }

    [Fact]
    public async Task Issue_Wildcard_RefusedBeforeAnyRequest_ExplainingDns01()
    {
        using var data = new TempDirectory("acme-data");
        var options = Options.Create(new AcmeOptions { DataDirectory = data.Path, TermsOfServiceAgreed = true, DirectoryUrl = new Uri("https://127.0.0.1:1/dir") });
        using var transport = new AcmeTransport(options, TimeProvider.System, new AcmeMetrics(new TestMeterFactory()), NullLogger<AcmeTransport>.Instance);
        using var client = new AcmeClient(transport, new AccountStore(options), options, NullLogger<AcmeClient>.Instance);
        var issuer = new AcmeCertificateIssuer(client, new ChallengeResponseStore(), options, TimeProvider.System, NullLogger<AcmeCertificateIssuer>.Instance);

        var result = await issuer.IssueAsync(["example.test", "*.example.test"], CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("'*.example.test' is a wildcard name", result.Error, StringComparison.Ordinal);
        Assert.Contains("only dns-01 can", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(data.Path, "accounts")), "no account was created: nothing was sent");
    }
}
