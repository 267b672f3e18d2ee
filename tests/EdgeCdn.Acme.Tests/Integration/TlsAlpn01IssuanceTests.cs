using System.Security.Cryptography.X509Certificates;
using EdgeCdn.Acme.Challenges;
using EdgeCdn.TestCommon;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCdn.Acme.Tests.Integration;

[Trait("Category", "Pebble")]
public sealed class TlsAlpn01IssuanceTests
{
    [Fact]
    public async Task Issue_OverTlsAlpn01OnSharedPort_ViewersKeepBeingServed()
    {
        using var data = new TempDirectory("acme-data");
        await using var pebble = new PebbleServer();
        await using var host = await AcmeTestHost.StartAsync(AcmeTestHost.SettingsFor(pebble, data.Path, "tls-alpn-01"));
        await pebble.StartAsync(FreePort.Tcp(), host.HttpsPort); // http-01 would go nowhere: only tls-alpn-01 can pass

        // Viewers hammer the same TLS port (new connection per request, SNI = the name being validated) during the order.
        using var stop = new CancellationTokenSource();
        var served = 0;
        var servedDuringChallenge = 0;
        var challenges = host.Services.GetRequiredService<ChallengeResponseStore>();
        var failures = new List<string>();

        // Deterministically, at least one viewer is served on the shared port while the challenge is open: the
        // challenge is installed before the CA is told to validate, and this handler runs in between.
        challenges.TlsAlpn01Added += _ => Task.Run(async () =>
        {
            try
            {
                using var client = TlsProbe.CreateHttpClient(root: null, newConnectionPerRequest: true);
                using var request = new HttpRequestMessage(HttpMethod.Get, $"https://alpn.example.test:{host.HttpsPort}/") { Version = new Version(2, 0) };
                using var response = await client.SendAsync(request);
                if (await response.Content.ReadAsStringAsync() == "hello over https HTTP/2" && challenges.HasTlsAlpn01Challenges)
                {
                    Interlocked.Increment(ref servedDuringChallenge);
                }
            }
            catch (HttpRequestException ex)
            {
                lock (failures)
                {
                    failures.Add("during the challenge: " + ex.Message);
                }
            }
        }).GetAwaiter().GetResult();
        var viewers = Task.Run(async () =>
        {
            using var client = TlsProbe.CreateHttpClient(root: null, newConnectionPerRequest: true);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var challengeOpen = challenges.HasTlsAlpn01Challenges;
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"https://alpn.example.test:{host.HttpsPort}/") { Version = new Version(2, 0) };
                    using var response = await client.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    if (body != "hello over https HTTP/2")
                    {
                        failures.Add(body);
                    }

                    Interlocked.Increment(ref served);
                    if (challengeOpen && challenges.HasTlsAlpn01Challenges)
                    {
                        Interlocked.Increment(ref servedDuringChallenge);
                    }
                }
                catch (HttpRequestException ex)
                {
                    lock (failures)
                    {
                        failures.Add(ex.Message);
                    }
                }
            }
        });

        Assert.True(host.Registry.TryRegister(["alpn.example.test"], out var error), error);
        var status = await host.WaitForOutcomeAsync(["alpn.example.test"]);
        await stop.CancelAsync();
        await viewers;

        Assert.True(status.State == "valid", $"{status}\n{pebble.Log}");
        Assert.Empty(failures);
        Assert.True(servedDuringChallenge > 0, $"{served} viewer requests, none while the challenge was open");

        // After issuance, a viewer on the same port gets the ACME certificate, chain verified, over h2.
        using var root = X509Certificate2.CreateFromPem(await pebble.GetIssuingRootPemAsync());
        var probe = await TlsProbe.HandshakeAsync(host.HttpsPort, "alpn.example.test", root);
        Assert.True(probe.ChainVerified, probe.ChainStatus);
        Assert.Equal("h2", probe.NegotiatedAlpn);
        Assert.Contains("Pebble", probe.Leaf.Issuer, StringComparison.Ordinal);
    }
}
