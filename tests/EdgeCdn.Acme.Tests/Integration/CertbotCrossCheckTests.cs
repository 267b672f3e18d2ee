using System.Security.Cryptography.X509Certificates;
using EdgeCdn.Acme.Storage;
using EdgeCdn.Acme.Tls;
using EdgeCdn.TestCommon;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCdn.Acme.Tests.Integration;

/// <summary>
/// Our client and Debian's certbot against the same pebble: both certificates verify the same way with
/// <c>openssl verify</c> against pebble's issuing root, and with curl when the edge serves them.
/// </summary>
[Trait("Category", "Pebble")]
public sealed class CertbotCrossCheckTests
{
    [Fact]
    public async Task OursAndCertbots_VerifyTheSameWay_WithOpensslAndCurl()
    {
        Assert.True(File.Exists("/usr/bin/certbot"), "certbot is installed by scripts/test.sh (scripts/test-packages.txt)");
        using var data = new TempDirectory("acme-data");
        using var certbotDirectory = new TempDirectory("certbot");
        await using var pebble = new PebbleServer();
        // Our edge proves its name over tls-alpn-01 on its TLS port; certbot's standalone server takes pebble's http-01 port.
        await using var host = await AcmeTestHost.StartAsync(AcmeTestHost.SettingsFor(pebble, data.Path, "tls-alpn-01"));
        var certbotPort = FreePort.Tcp();
        await pebble.StartAsync(certbotPort, host.HttpsPort);

        Assert.True(host.Registry.TryRegister(["ours.example.test"], out _));
        var ours = await host.WaitForOutcomeAsync(["ours.example.test"]);
        Assert.True(ours.State == "valid", $"{ours}\n{pebble.Log}");

        var (exit, output) = await ProcessRunner.RunAsync(
            "certbot",
            [
                "certonly", "--standalone", "--non-interactive", "--agree-tos", "--register-unsafely-without-email",
                "--server", pebble.DirectoryUrl.ToString(),
                "--config-dir", certbotDirectory.Combine("config"), "--work-dir", certbotDirectory.Combine("work"), "--logs-dir", certbotDirectory.Combine("logs"),
                "--preferred-challenges", "http", "--http-01-address", "127.0.0.1", "--http-01-port", certbotPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--key-type", "ecdsa", "-d", "theirs.example.test",
            ],
            new Dictionary<string, string> { ["REQUESTS_CA_BUNDLE"] = pebble.ListenerRootPath },
            input: null);
        Assert.True(exit == 0, $"certbot failed:\n{output}\n{pebble.Log}");
        var live = certbotDirectory.Combine("config", "live", "theirs.example.test");

        // Same root, fetched once from pebble's management API; each leaf verified with the intermediates it came with.
        var rootPath = data.Combine("pebble-root.pem");
        await File.WriteAllTextAsync(rootPath, await pebble.GetIssuingRootPemAsync());
        var stored = (await host.Services.GetRequiredService<ICertificateStore>().LoadAllAsync(CancellationToken.None)).Single();
        var (ourLeaf, ourChain) = SplitChain(stored.CertificateChainPem);
        await File.WriteAllTextAsync(data.Combine("ours-cert.pem"), ourLeaf);
        await File.WriteAllTextAsync(data.Combine("ours-chain.pem"), ourChain);

        var ourVerify = await ProcessRunner.RunAsync("openssl", "verify", "-CAfile", rootPath, "-untrusted", data.Combine("ours-chain.pem"), data.Combine("ours-cert.pem"));
        var theirVerify = await ProcessRunner.RunAsync("openssl", "verify", "-CAfile", rootPath, "-untrusted", Path.Combine(live, "chain.pem"), Path.Combine(live, "cert.pem"));
        Assert.Equal((0, data.Combine("ours-cert.pem") + ": OK"), (ourVerify.Exit, ourVerify.Output.Trim()));
        Assert.Equal((0, Path.Combine(live, "cert.pem") + ": OK"), (theirVerify.Exit, theirVerify.Output.Trim()));

        // Same issuer, same chain shape (leaf + one intermediate), both ECDSA P-256 leaves.
        using var ourCertificate = X509Certificate2.CreateFromPem(ourLeaf);
        using var theirCertificate = X509Certificate2.CreateFromPemFile(Path.Combine(live, "cert.pem"), Path.Combine(live, "privkey.pem"));
        Assert.Equal(ourCertificate.Issuer, theirCertificate.Issuer);
        Assert.Equal(ourCertificate.GetKeyAlgorithm(), theirCertificate.GetKeyAlgorithm());

        // The edge serves certbot's files as they are (key + full chain), next to its own: curl checks both over TLS.
        var imported = new StoredCertificate(["theirs.example.test"], await File.ReadAllTextAsync(Path.Combine(live, "fullchain.pem")), await File.ReadAllTextAsync(Path.Combine(live, "privkey.pem")));
        host.Selector.Install(ServedCertificate.FromStored(imported));
        foreach (var name in new[] { "ours.example.test", "theirs.example.test" })
        {
            var curl = await ProcessRunner.RunAsync("curl", "-sS", "--cacert", rootPath, "--resolve", $"{name}:{host.HttpsPort}:127.0.0.1",
                "-w", " %{ssl_verify_result}", $"https://{name}:{host.HttpsPort}/");
            Assert.True(curl.Exit == 0, curl.Output);
            Assert.EndsWith(" 0", curl.Output.Trim(), StringComparison.Ordinal);
        }
    }

    private static (string Leaf, string Intermediates) SplitChain(string pem)
    {
        const string end = "-----END CERTIFICATE-----";
        var cut = pem.IndexOf(end, StringComparison.Ordinal) + end.Length;
        return (pem[..cut] + "\n", pem[cut..].TrimStart() + "\n");
    }
}
