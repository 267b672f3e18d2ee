using System.Security.Cryptography.X509Certificates;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Acme.Tests.Integration;

[Trait("Category", "Pebble")]
public sealed class RestartTests
{
    [Fact]
    public async Task Restart_WithCaStopped_ServesStoredCertificateImmediately()
    {
        using var data = new TempDirectory("acme-data");
        await using var pebble = new PebbleServer();
        var settings = AcmeTestHost.SettingsFor(pebble, data.Path);
        settings["Acme:Certificates:0:Names:0"] = "restart.example.test";
        string serial;
        X509Certificate2 root;
        await using (var first = await AcmeTestHost.StartAsync(settings))
        {
            await pebble.StartAsync(first.HttpPort, first.HttpsPort);
            first.Renewal.Wake();
            Assert.Equal("valid", (await first.WaitForOutcomeAsync(["restart.example.test"])).State);
            root = X509Certificate2.CreateFromPem(await pebble.GetIssuingRootPemAsync());
            serial = (await TlsProbe.HandshakeAsync(first.HttpsPort, "restart.example.test", root)).Leaf.SerialNumber;
        }

        // The CA is gone: anything the restarted edge asked of it would fail.
        await pebble.StopAsync();
        Assert.False(pebble.IsRunning);

        using (root)
        await using (var second = await AcmeTestHost.StartAsync(settings))
        {
            // The very first handshake after start gets the stored certificate, full chain.
            var probe = await TlsProbe.HandshakeAsync(second.HttpsPort, "restart.example.test", root);
            Assert.Equal(serial, probe.Leaf.SerialNumber);
            Assert.True(probe.ChainVerified, probe.ChainStatus);

            // And the renewal service sees nothing to do: no order, no error, next renewal years away.
            var wait = await second.Renewal.RunPassAsync(CancellationToken.None);
            Assert.True(wait > TimeSpan.FromMinutes(30), wait.ToString());
            var status = second.Status.Get(["restart.example.test"])!;
            Assert.Equal("valid", status.State);
            Assert.Null(status.LastError);
            Assert.True(status.NextRenewal > DateTimeOffset.UtcNow.AddDays(300));
        }

        // Key and certificate live in one owner-only PEM file per name set.
        var files = Directory.GetFiles(Path.Combine(data.Path, "certificates"));
        var file = Assert.Single(files);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.EndsWith(".pem", file, StringComparison.Ordinal);
    }
}
