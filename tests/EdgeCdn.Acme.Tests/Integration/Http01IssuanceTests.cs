using System.Net;
using System.Security.Cryptography.X509Certificates;
using EdgeCdn.Acme.ViewerProtocol;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Acme.Tests.Integration;

[Trait("Category", "Pebble")]
public sealed class Http01IssuanceTests
{
    [Fact]
    public async Task Issue_OverHttp01_WhileRedirectToHttpsIsOn_ServesChainVerifiedByPebbleRoot()
    {
        using var data = new TempDirectory("acme-data");
        await using var pebble = new PebbleServer();
        // Every plain-HTTP request is redirected to HTTPS, except the CA's http-01 checks.
        var rule = new ViewerProtocolRule(ViewerProtocolPolicy.RedirectToHttps, new HstsSettings(TimeSpan.FromDays(365)));
        await using var host = await AcmeTestHost.StartAsync(AcmeTestHost.SettingsFor(pebble, data.Path, "http-01"), viewerRule: _ => rule);
        await pebble.StartAsync(host.HttpPort, host.HttpsPort);

        string[] names = ["www.site-a.example.test", "site-a.example.test"];
        Assert.True(host.Registry.TryRegister(names, out var error), error);
        var status = await host.WaitForOutcomeAsync(names);
        Assert.True(status.State == "valid", $"{status}\n{pebble.Log}");
        Assert.Contains(TestLoggerProvider.Lines, l => l.Contains("http-01 challenge answered for host site-a.example.test", StringComparison.Ordinal));

        using var root = X509Certificate2.CreateFromPem(await pebble.GetIssuingRootPemAsync());
        var probe = await TlsProbe.HandshakeAsync(host.HttpsPort, "site-a.example.test", root);
        Assert.True(probe.ChainVerified, probe.ChainStatus);
        Assert.NotEmpty(probe.SentChain);
        Assert.Equal("h2", probe.NegotiatedAlpn);
        Assert.Contains("Pebble Intermediate", probe.Leaf.Issuer, StringComparison.Ordinal);
        Assert.Equal("1.2.840.10045.3.1.7", ECDsaCurveOid(probe.Leaf)); // P-256

        // The same viewer on plain HTTP is redirected; over HTTPS it is served with HSTS.
        using var client = TlsProbe.CreateHttpClient(root);
        using var redirect = await client.GetAsync($"http://site-a.example.test:{host.HttpPort}/?q=1");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal($"https://site-a.example.test:{host.HttpsPort}/?q=1", redirect.Headers.Location?.ToString());
        using var page = await client.GetAsync(redirect.Headers.Location);
        Assert.Equal("hello over https HTTP/1.1", await page.Content.ReadAsStringAsync());
        Assert.Equal("max-age=31536000", string.Join(",", page.Headers.GetValues("Strict-Transport-Security")));
    }

    private static string? ECDsaCurveOid(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPublicKey();
        return key?.ExportParameters(false).Curve.Oid.Value;
    }
}
