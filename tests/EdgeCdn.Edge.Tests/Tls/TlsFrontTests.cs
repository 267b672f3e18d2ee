using System.Net;
using System.Text.Json.Nodes;
using EdgeCdn.TestCommon;
using EdgeCdn.TestCommon.Edge;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EdgeCdn.Edge.Tests.Tls;

/// <summary>
/// The edge with an HTTPS listener from --urls: TLS terminated by the EdgeCdn.Acme front (self-signed fallback when
/// no ACME), and each cache behaviour's viewer protocol policy and HSTS applied before the cache.
/// </summary>
public sealed class TlsFrontTests : IAsyncLifetime
{
    private TestOrigin _origin = null!;
    private EdgeTestHost _edge = null!;
    private Uri _http = null!;
    private Uri _https = null!;
    private readonly TempDirectory _acme = new("edgecdn-acme");

    public async Task InitializeAsync()
    {
        _origin = await TestOrigin.StartAsync();
        _origin.Put("/index.html", "<h1>home</h1>", "text/html");
        _origin.Put("/secure/data.json", "{}", "application/json");
        _origin.Put("/open/file.txt", "open");
        var config = EdgeConfig.ForHttpOrigin(_origin.BaseUri);
        config.DefaultBehavior()["ViewerProtocolPolicy"] = "redirect-to-https";
        config.DefaultBehavior()["HstsMaxAge"] = "365.00:00:00";
        config.DefaultBehavior()["HstsIncludeSubDomains"] = true;
        config.Distribution()["CacheBehaviors"] = new JsonArray
        {
            new JsonObject { ["PathPattern"] = "/secure/*", ["TargetOriginId"] = EdgeConfig.OriginId, ["ViewerProtocolPolicy"] = "https-only" },
            new JsonObject { ["PathPattern"] = "/open/*", ["TargetOriginId"] = EdgeConfig.OriginId },
        };
        config["Acme"] = new JsonObject { ["DataDirectory"] = _acme.Path };
        _edge = await EdgeTestHost.StartAsync(config, args: ["--urls", "http://127.0.0.1:0;https://127.0.0.1:0"]);
        var addresses = _edge.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList()
            : [];
        _http = addresses.Single(a => a.Scheme == "http");
        _https = addresses.Single(a => a.Scheme == "https");
    }

    public async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
        await _origin.DisposeAsync();
        _acme.Dispose();
    }

    [Fact]
    public async Task Http_RedirectToHttps_301ForGet307ForPost_ToTheHttpsPort()
    {
        using var http = Client();

        using var get = await http.GetAsync(new Uri(_http, "/index.html?x=1"));
        using var post = await http.PostAsync(new Uri(_http, "/index.html"), new StringContent("body"));

        Assert.Equal(HttpStatusCode.MovedPermanently, get.StatusCode);
        Assert.Equal($"https://127.0.0.1:{_https.Port}/index.html?x=1", get.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.TemporaryRedirect, post.StatusCode);
        Assert.False(get.Headers.Contains("Strict-Transport-Security"));
        Assert.Empty(_origin.Requests);
    }

    [Fact]
    public async Task Https_SelfSignedFallback_ServedWithHstsAndH2()
    {
        using var https = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_https, "/index.html")) { Version = HttpVersion.Version20 };

        using var response = await https.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, response.Version.Major);
        Assert.Equal("max-age=31536000; includeSubDomains", response.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal("<h1>home</h1>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HttpsOnlyBehavior_RefusedOverHttp_ServedOverHttps_AllowAllBehaviorServedOverHttp()
    {
        using var client = Client();

        using var refused = await client.GetAsync(new Uri(_http, "/secure/data.json"));
        using var served = await client.GetAsync(new Uri(_https, "/secure/data.json"));
        using var open = await client.GetAsync(new Uri(_http, "/open/file.txt"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("open", await open.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AcmeChallengePath_NeverRedirected()
    {
        using var client = Client();

        using var challenge = await client.GetAsync(new Uri(_http, "/.well-known/acme-challenge/unknown-token"));

        Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
        Assert.Null(challenge.Headers.Location);
    }

    [Fact]
    public async Task CertificateStatus_NeedsAdminToken()
    {
        using var client = Client();

        using var anonymous = await client.GetAsync(new Uri(_https, "/_edgecdn/certificates"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_https, "/_edgecdn/certificates"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", EdgeConfig.AdminToken);
        using var authorized = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        Assert.Equal("[]", (await authorized.Content.ReadAsStringAsync()).Trim());
    }

    private static HttpClient Client() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        // Without ACME the edge serves its self-signed fallback: accept exactly that (issuer = subject).
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.Subject == certificate.Issuer },
    });
}
