using System.Security.Cryptography.X509Certificates;
using EdgeCdn.TestCommon;
using Xunit.Abstractions;

namespace EdgeCdn.Acme.Tests.Integration;

[Trait("Category", "Pebble")]
public sealed class Http01IssuanceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Issue_OverHttp01_ServesChainVerifiedByPebbleRoot()
    {
        using var data = new TempDirectory("acme-data");
        await using var pebble = new PebbleServer();
        await using var host = await AcmeTestHost.StartAsync(AcmeTestHost.SettingsFor(pebble, data.Path, "http-01"));
        await pebble.StartAsync(host.HttpPort, host.HttpsPort);

        Assert.True(host.Registry.TryRegister(["www.site-a.example.test", "site-a.example.test"], out var error), error);
        var status = await host.WaitForOutcomeAsync(["www.site-a.example.test", "site-a.example.test"]);
        Assert.True(status.State == "valid", $"{status}\n{pebble.Log}");

        using var root = X509Certificate2.CreateFromPem(await pebble.GetIssuingRootPemAsync());
        var probe = await TlsProbe.HandshakeAsync(host.HttpsPort, "site-a.example.test", root);
        Assert.True(probe.ChainVerified, probe.ChainStatus);
        Assert.NotEmpty(probe.SentChain);
        Assert.Equal("h2", probe.NegotiatedAlpn);
        foreach (var line in TestLoggerProvider.Lines)
        {
            output.WriteLine(line);
        }
    }
}
