using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EdgeCdn.TestCommon;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Acme.Tests.Integration;

[Trait("Category", "Pebble")]
public sealed class RenewalTests
{
    [Fact]
    public async Task ShortLivedCertificate_RenewedAtItsTime_SwappedWhileOpenConnectionKeepsWorking()
    {
        using var data = new TempDirectory("acme-data");
        // 5-minute certificates; the clock is the test's, so nobody waits for them to age.
        await using var pebble = new PebbleServer(new PebbleOptions { CertificateValidityPeriodSeconds = 300 });
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var breakHttp01 = false;
        await using var host = await AcmeTestHost.StartAsync(
            AcmeTestHost.SettingsFor(pebble, data.Path, "http-01"),
            clock,
            beforeChallenges: app => app.Use((context, next) =>
                Volatile.Read(ref breakHttp01) && context.Request.Path.StartsWithSegments("/.well-known/acme-challenge")
                    ? context.Response.WriteAsync("wrong.key-authorization")
                    : next(context)));
        await pebble.StartAsync(host.HttpPort, host.HttpsPort);
        using var root = X509Certificate2.CreateFromPem(await pebble.GetIssuingRootPemAsync());

        string[] names = ["short.example.test"];
        Assert.True(host.Registry.TryRegister(names, out _));
        var before = await host.WaitForOutcomeAsync(names);
        Assert.Equal("valid", before.State);
        Assert.InRange((before.NotAfter - before.NotBefore)!.Value.TotalSeconds, 298, 302);
        // A third of 300 s is 100 s; the 30-day window is capped at half the lifetime: renewal when 150 s remain.
        Assert.InRange((before.NotAfter!.Value - before.NextRenewal!.Value).TotalSeconds, 148, 152);

        // A viewer opens a keep-alive connection on the current certificate.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", host.HttpsPort);
        await using var viewer = new SslStream(tcp.GetStream());
        await viewer.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "short.example.test",
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateChainPolicy = Policy(root),
        });
        var oldSerial = new X509Certificate2(viewer.RemoteCertificate!).SerialNumber;
        Assert.Equal("hello over https HTTP/1.1", await GetAsync(viewer));

        // Not due yet: a pass changes nothing.
        clock.Set(before.NextRenewal!.Value - TimeSpan.FromSeconds(5));
        await host.Renewal.RunPassAsync(CancellationToken.None);
        Assert.Equal(oldSerial, (await TlsProbe.HandshakeAsync(host.HttpsPort, "short.example.test", root)).Leaf.SerialNumber);

        // Due: the pass orders, stores and swaps in the new certificate.
        clock.Set(before.NextRenewal!.Value + TimeSpan.FromSeconds(1));
        await host.Renewal.RunPassAsync(CancellationToken.None);
        var after = host.Status.Get(names)!;
        Assert.Equal("valid", after.State);
        // (Pebble's validity has one-second resolution and the test is faster than that: equal is fine.)
        Assert.True(after.NotAfter >= before.NotAfter);
        Assert.True(after.LastRenewed > before.LastRenewed);

        // New handshakes get the new certificate, chain verified...
        var fresh = await TlsProbe.HandshakeAsync(host.HttpsPort, "short.example.test", root);
        Assert.NotEqual(oldSerial, fresh.Leaf.SerialNumber);
        Assert.True(fresh.ChainVerified, fresh.ChainStatus);

        // ...while the connection opened before the swap is still up and still serving, on its old certificate.
        Assert.Equal("hello over https HTTP/1.1", await GetAsync(viewer));
        Assert.Equal(oldSerial, new X509Certificate2(viewer.RemoteCertificate!).SerialNumber);

        // The next renewal fails (the CA rejects the key authorization): the current certificate keeps serving,
        // the status says why, and a retry is scheduled. The service's own loop runs passes too: the test clock is
        // ahead of pebble's, so a certificate issued more than a second after the test began is due at once and the
        // loop may already have renewed again. Passes take turns, so once a pass of ours has run, any such renewal is
        // over, and every order from then on meets the broken challenge.
        Volatile.Write(ref breakHttp01, true);
        await host.Renewal.RunPassAsync(CancellationToken.None);
        var current = host.Status.Get(names)!;
        var serving = (await TlsProbe.HandshakeAsync(host.HttpsPort, "short.example.test", root)).Leaf.SerialNumber;
        if (current.State != "failing")
        {
            clock.Set(current.NextRenewal!.Value + TimeSpan.FromSeconds(1));
            await host.Renewal.RunPassAsync(CancellationToken.None);
        }

        var failing = host.Status.Get(names)!;
        Assert.Equal("failing", failing.State);
        Assert.Equal("urn:ietf:params:acme:error:unauthorized", failing.LastProblem?.Type);
        Assert.Equal(current.NotAfter, failing.NotAfter);
        Assert.True(failing.NextRenewal > clock.GetUtcNow());
        Assert.Equal(serving, (await TlsProbe.HandshakeAsync(host.HttpsPort, "short.example.test", root)).Leaf.SerialNumber);
    }

    private static X509ChainPolicy Policy(X509Certificate2 root)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(root);
        return policy;
    }

    /// <summary>One HTTP/1.1 keep-alive request on an open TLS stream; returns the body.</summary>
    private static async Task<string> GetAsync(SslStream stream)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: short.example.test\r\n\r\n"));
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (true)
        {
            var read = await stream.ReadAsync(buffer);
            Assert.True(read > 0, "connection closed after: " + text);
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var all = text.ToString();
            var headerEnd = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd < 0)
            {
                continue;
            }

            var lengthLine = all[..headerEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            if (lengthLine is not null && all.Length - headerEnd - 4 >= int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            {
                return all[(headerEnd + 4)..];
            }

            if (lengthLine is null && all.EndsWith("0\r\n\r\n", StringComparison.Ordinal))
            {
                // Chunked: one chunk carries the whole short body.
                var body = all[(headerEnd + 4)..].Split("\r\n");
                return body[1];
            }
        }
    }
}
