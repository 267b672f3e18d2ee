using System.Security.Cryptography.X509Certificates;
using EdgeCdn.Acme.Storage;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Acme.Tests.Integration;

[Trait("Category", "Pebble")]
public sealed class SniSelectionTests
{
    [Fact]
    public async Task TwoDistributionsOnOnePort_EachServedBySni_ChainVerifiesAgainstPebbleRoot()
    {
        using var data = new TempDirectory("acme-data");
        await using var pebble = new PebbleServer();
        await using var host = await AcmeTestHost.StartAsync(AcmeTestHost.SettingsFor(pebble, data.Path));
        await pebble.StartAsync(host.HttpPort, host.HttpsPort);

        string[] first = ["cdn.shop.example.test", "static.shop.example.test"];
        string[] second = ["blog.example.test"];
        Assert.True(host.Registry.TryRegister(first, out _));
        Assert.True(host.Registry.TryRegister(second, out _));
        Assert.Equal("valid", (await host.WaitForOutcomeAsync(first)).State);
        Assert.Equal("valid", (await host.WaitForOutcomeAsync(second)).State);

        var rootPem = await pebble.GetIssuingRootPemAsync();
        using var root = X509Certificate2.CreateFromPem(rootPem);
        foreach (var (name, expectedSans) in new[] { ("static.shop.example.test", first), ("cdn.shop.example.test", first), ("blog.example.test", second) })
        {
            var probe = await TlsProbe.HandshakeAsync(host.HttpsPort, name, root);
            Assert.True(probe.ChainVerified, $"{name}: {probe.ChainStatus}");
            Assert.Equal(expectedSans.Order(), FileCertificateStore.SubjectAlternativeDnsNames(probe.Leaf).Order());
        }

        // A real client that fetches nothing by itself (no AIA): curl verifies only because the edge sends the intermediate.
        var rootPath = Path.Combine(data.Path, "pebble-root.pem");
        await File.WriteAllTextAsync(rootPath, rootPem);
        foreach (var name in new[] { "cdn.shop.example.test", "blog.example.test" })
        {
            var (exit, output) = await ProcessRunner.RunAsync("curl", "-sS", "--http2", "--cacert", rootPath, "--resolve", $"{name}:{host.HttpsPort}:127.0.0.1",
                "-w", " %{http_version} %{ssl_verify_result}", $"https://{name}:{host.HttpsPort}/");
            Assert.True(exit == 0, output);
            Assert.Equal("hello over https HTTP/2 2 0", output.Trim());
        }

        // Unknown names and localhost get the self-signed fallback, not a distribution's certificate.
        var unknown = await TlsProbe.HandshakeAsync(host.HttpsPort, "unknown.example.test", root);
        Assert.False(unknown.ChainVerified);
        Assert.Contains("self-signed fallback", unknown.Leaf.Subject, StringComparison.Ordinal);
        var localhost = await TlsProbe.HandshakeAsync(host.HttpsPort, "localhost");
        Assert.Contains("localhost", FileCertificateStore.SubjectAlternativeDnsNames(localhost.Leaf));
    }
}
