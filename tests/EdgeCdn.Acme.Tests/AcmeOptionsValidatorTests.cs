using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Acme.Tests;

public sealed class AcmeOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_TermsNotAgreed_IsTheOnlyError()
    {
        var result = new AcmeOptionsValidator().Validate(null, new AcmeOptions());
        Assert.Equal(["Acme:TermsOfServiceAgreed must be true: registering an ACME account means agreeing to the CA's terms of service (read them first)."], result.Failures);
    }

    [Fact]
    public void Validate_ManyProblems_AllReportedAtOnce_SecretNotEchoed()
    {
        const string secret = "not base64url!";
        var options = new AcmeOptions
        {
            DirectoryUrl = new Uri("http://ca.example.test/directory"),
            Email = "mailto:ops@example.test",
            TermsOfServiceAgreed = false,
            ChallengeTypes = ["http-01", "http-01", "dns-01", "tls-sni-01"],
            RenewBeforeExpiry = TimeSpan.Zero,
            RenewWhenLifetimeFractionRemains = 1.5,
            RetryMinDelay = TimeSpan.FromHours(1),
            RetryMaxDelay = TimeSpan.FromMinutes(1),
            TrustedRootsPath = "/nonexistent/roots.pem",
            ExternalAccountKeyId = "kid",
            ExternalAccountHmacKey = secret,
            DataDirectory = " ",
            Certificates = [new AcmeCertificateOptions { Names = ["*.example.test"] }, new AcmeCertificateOptions { Names = [] }],
        };

        var failures = new AcmeOptionsValidator().Validate(null, options).Failures!.ToList();

        string[] expected =
        [
            "Acme:DirectoryUrl must be https", "Acme:TermsOfServiceAgreed", "Acme:Email", "lists 'http-01' twice", "dns-01 needs a DNS provider hook",
            "unknown challenge type 'tls-sni-01'", "Acme:RenewBeforeExpiry", "Acme:RenewWhenLifetimeFractionRemains", "Acme:RetryMinDelay",
            "Acme:TrustedRootsPath", "Acme:ExternalAccountHmacKey is not base64url", "Acme:DataDirectory", "Acme:Certificates:0:Names: '*.example.test'",
            "Acme:Certificates:1:Names: a certificate needs at least one name",
        ];
        foreach (var fragment in expected)
        {
            Assert.True(failures.Any(f => f.Contains(fragment, StringComparison.Ordinal)), $"no failure mentions '{fragment}':\n{string.Join("\n", failures)}");
        }

        Assert.Equal(expected.Length, failures.Count);
        Assert.DoesNotContain(failures, f => f.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public void AddEdgeCdnAcme_BadSection_FailsAtStartWithEveryError()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Acme:ChallengeTypes:0"] = "dns-01",
            ["Acme:ExternalAccountKeyId"] = "kid-only",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddEdgeCdnAcme().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AcmeOptions>>().Value);

        Assert.Equal(3, error.Failures.Count());
    }

    [Fact]
    public void SampleConfiguration_BindsAndValidates()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "config", "acme.sample.json")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(directory.FullName, "config", "acme.sample.json")).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddEdgeCdnAcme().BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<AcmeOptions>>().Value;

        Assert.Equal(new Uri(AcmeOptions.LetsEncryptProductionDirectory), options.DirectoryUrl);
        Assert.Equal(["http-01", "tls-alpn-01"], options.ChallengeTypes);
        Assert.Equal(TimeSpan.FromDays(30), options.RenewBeforeExpiry);
        Assert.Equal(["cdn.example.com", "static.example.com"], Assert.Single(options.Certificates).Names);
    }
}
