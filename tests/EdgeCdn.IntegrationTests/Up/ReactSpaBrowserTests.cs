using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Net.Sockets;
using EdgeCdn.TestCommon;
using Microsoft.Playwright;

namespace EdgeCdn.IntegrationTests.Up;

/// <summary>
/// The static-site scenario end to end: `edgecdn up --domain cdn.example.test --acme-directory pebble`, the edges
/// obtain a certificate from a real ACME CA (pebble, validation on), the React build is deployed with
/// `edgecdn deploy`, and headless Chromium (Debian's) loads it over HTTPS on the custom domain.
/// </summary>
public sealed class ReactSpaBrowserTests(ReactSpaBuild build) : IClassFixture<ReactSpaBuild>
{
    private const string Domain = "cdn.example.test";

    [Fact]
    public async Task ReactApp_OnCustomDomainOverAcmeHttps_RendersRoutesReload404sAndSecondLoadIsCached()
    {
        using var data = new TempDirectory("edgecdn-spa-e2e");
        var httpPort = FreePortPair();
        var httpsPort = FreePortPair();
        while (Math.Abs(httpsPort - httpPort) < 2)
        {
            httpsPort = FreePortPair();
        }

        await using var pebble = new PebbleServer();
        await pebble.StartAsync(httpPort, httpsPort);

        await using var chain = await LocalChain.StartAsync(data.Path, 2, httpPort, httpsPort,
            ["--domain", Domain, "--acme-directory", pebble.DirectoryUrl.ToString(), "--acme-ca-cert", pebble.ListenerRootPath, "--acme-email", "ops@example.test"]);
        var (code, output) = await chain.RunCliAsync("deploy", build.Dist, "--bucket", "demo");
        Assert.True(code == 0, output);

        // The certificate every edge serves for the domain chains to pebble's issuing root.
        var root = X509Certificate2.CreateFromPem(await pebble.GetIssuingRootPemAsync());
        var leaves = new List<X509Certificate2>();
        foreach (var edge in chain.EdgeHttpsUrls)
        {
            leaves.Add(await VerifiedLeafAsync(edge.Port, root));
        }

        Assert.Equal(leaves[0].Thumbprint, leaves[1].Thumbprint);
        Assert.Contains(Domain, leaves[0].GetNameInfo(X509NameType.DnsName, false), StringComparison.Ordinal);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--host-resolver-rules=MAP {Domain} 127.0.0.1",
                // Chromium keeps its own trust store; the chain was verified against pebble's root above, and the
                // browser is told to accept exactly that leaf key.
                "--ignore-certificate-errors-spki-list=" + SpkiHash(leaves[0]),
            ],
        });
        var page = await browser.NewPageAsync();
        var site = $"https://{Domain}:{chain.EdgeHttpsUrls[0].Port}";

        var first = await page.GotoAsync(site + "/");
        Assert.Equal(200, first!.Status);
        Assert.Equal("Served by EdgeCdn", await page.InnerTextAsync("#title"));

        await page.ClickAsync("text=About");
        Assert.Equal("About this example", await page.InnerTextAsync("#title"));
        var reloaded = await page.ReloadAsync();
        Assert.Equal(200, reloaded!.Status);
        Assert.Equal("About this example", await page.InnerTextAsync("#title"));

        var deep = await page.GotoAsync(site + "/docs/caching");
        Assert.Equal(200, deep!.Status);
        Assert.Equal("Docs: caching", await page.InnerTextAsync("#title"));

        // Fetched by the page itself (the browser's resolver maps the domain): a missing asset is a real 404.
        var missing = await page.EvaluateAsync<int>("async url => (await fetch(url)).status", site + "/assets/index-DoesNotExist1.js");
        Assert.Equal(404, missing);

        // A second viewer (a fresh browser profile, so nothing comes from Chromium's own cache) is served by the edge's cache.
        await using var secondViewer = await browser.NewContextAsync();
        var page2 = await secondViewer.NewPageAsync();
        var assetCache = new List<string>();
        page2.Response += (_, response) =>
        {
            if (response.Url.Contains("/assets/", StringComparison.Ordinal) && response.Headers.TryGetValue("x-cache", out var value))
            {
                assetCache.Add(value);
            }
        };
        var second = await page2.GotoAsync(site + "/", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        // index.html is deployed with no-cache: the edge revalidates it (a 304 from the origin) and serves its cached
        // body — RefreshHit; the immutable assets are plain hits.
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(second!.Headers["x-cache"], "^(Hit|RefreshHit) from edgecdn"), second.Headers["x-cache"]);
        Assert.Equal("Served by EdgeCdn", await page2.InnerTextAsync("#title"));
        var shot = Path.Combine(ScreenshotDirectory(), "react-spa-cdn.example.test.png");
        await page2.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 1000);
        Assert.NotEmpty(assetCache);
        Assert.All(assetCache, v => Assert.StartsWith("Hit", v, StringComparison.Ordinal));
    }

    private static async Task<X509Certificate2> VerifiedLeafAsync(int port, X509Certificate2 root)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        X509Certificate2? leaf = null;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, chain, _) =>
        {
            using var verify = new X509Chain();
            verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            verify.ChainPolicy.CustomTrustStore.Add(root);
            verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            foreach (var element in chain!.ChainElements.Skip(1))
            {
                verify.ChainPolicy.ExtraStore.Add(element.Certificate);
            }

            leaf = new X509Certificate2(certificate!);
            return verify.Build(leaf);
        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = Domain });
        return leaf!;
    }

    private static string SpkiHash(X509Certificate2 certificate) =>
        Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    /// <summary>A port p such that p and p+1 are free (edge-1 and edge-2 take consecutive ports).</summary>
    private static int FreePortPair()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = FreePort.Tcp();
            try
            {
                using var next = new TcpListener(IPAddress.Loopback, port + 1);
                next.Start();
                next.Stop();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no two consecutive free ports found");
    }

    private static string ScreenshotDirectory()
    {
        var directory = Path.Combine(ReactSpaBuild.RepositoryRoot, "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        return directory;
    }
}
