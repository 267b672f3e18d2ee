using EdgeCdn.Acme.Renewal;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Acme.Tests.Renewal;

public sealed class CertificateRegistryTests
{
    [Fact]
    public void TryRegister_WildcardWithHttpOrTlsAlpnChallenges_RefusedWithTheReason()
    {
        var registry = new CertificateRegistry(Options.Create(new AcmeOptions()));

        Assert.False(registry.TryRegister(["*.example.test"], out var error));
        Assert.Contains("wildcard", error, StringComparison.Ordinal);
        Assert.Contains("dns-01", error, StringComparison.Ordinal);
        Assert.Contains("http-01 and tls-alpn-01 cannot prove", error, StringComparison.Ordinal);
        Assert.Empty(registry.NameSets);
    }

    [Theory]
    [InlineData("192.0.2.1", "IP address")]
    [InlineData("localhost", "single label")]
    [InlineData("under_score.example.test", "contains '_'")]
    [InlineData("-dash.example.test", "starts or ends with '-'")]
    [InlineData("bücher.example.test", "punycode")]
    public void TryRegister_NotAnOrderableName_Refused(string name, string reason)
    {
        var registry = new CertificateRegistry(Options.Create(new AcmeOptions()));
        Assert.False(registry.TryRegister([name], out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRegister_NormalisesAndDeduplicates_OneSetPerNames_ChangedRaisedOnce()
    {
        var registry = new CertificateRegistry(Options.Create(new AcmeOptions()));
        var changes = 0;
        registry.Changed += () => changes++;

        Assert.True(registry.TryRegister(["WWW.Example.TEST.", "example.test", "www.example.test"], out _));
        Assert.True(registry.TryRegister(["example.test", "www.example.test"], out _));

        var set = Assert.Single(registry.NameSets);
        Assert.Equal(["www.example.test", "example.test"], set);
        Assert.Equal(1, changes);
        Assert.True(registry.Unregister(["example.test", "WWW.example.test"]));
        Assert.Empty(registry.NameSets);
        Assert.Equal(2, changes);
    }

    [Fact]
    public void Constructor_RegistersConfiguredCertificates()
    {
        var options = new AcmeOptions();
        options.Certificates.Add(new AcmeCertificateOptions { Names = ["a.example.test"] });
        options.Certificates.Add(new AcmeCertificateOptions { Names = ["b.example.test", "c.example.test"] });
        Assert.Equal(2, new CertificateRegistry(Options.Create(options)).NameSets.Count);
    }
}
