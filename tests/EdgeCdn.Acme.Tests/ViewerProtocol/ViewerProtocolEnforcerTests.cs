using System.Net;
using EdgeCdn.Acme.Challenges;
using EdgeCdn.Acme.ViewerProtocol;
using EdgeCdn.TestCommon;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCdn.Acme.Tests.ViewerProtocol;

/// <summary>Viewer protocol policies through a real Kestrel host (HTTP and HTTPS listeners), no CA needed.</summary>
public sealed class ViewerProtocolEnforcerTests
{
    private static readonly HstsSettings Hsts = new(TimeSpan.FromDays(730), IncludeSubDomains: true, Preload: true);

    [Theory]
    [InlineData("GET", HttpStatusCode.MovedPermanently)]
    [InlineData("HEAD", HttpStatusCode.MovedPermanently)]
    [InlineData("POST", HttpStatusCode.TemporaryRedirect)]
    [InlineData("PUT", HttpStatusCode.TemporaryRedirect)]
    [InlineData("DELETE", HttpStatusCode.TemporaryRedirect)]
    public async Task Apply_RedirectToHttpsOverHttp_301ForGetHead307Otherwise(string method, HttpStatusCode expected)
    {
        await using var fixture = await Fixture.StartAsync(new ViewerProtocolRule(ViewerProtocolPolicy.RedirectToHttps, Hsts));
        using var request = new HttpRequestMessage(new HttpMethod(method), $"http://cdn.example.test:{fixture.Host.HttpPort}/a/b%20c?x=1&y=%2F");
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("body");
        }

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal($"https://cdn.example.test:{fixture.Host.HttpsPort}/a/b%20c?x=1&y=%2F", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS must not be sent over plain HTTP (RFC 6797 §7.2)");
    }

    [Fact]
    public async Task Apply_HttpsOnlyOverHttp_403()
    {
        await using var fixture = await Fixture.StartAsync(new ViewerProtocolRule(ViewerProtocolPolicy.HttpsOnly));
        using var response = await fixture.Client.GetAsync($"http://cdn.example.test:{fixture.Host.HttpPort}/");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("HTTPS is required", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ViewerProtocolPolicy.AllowAll)]
    [InlineData(ViewerProtocolPolicy.RedirectToHttps)]
    [InlineData(ViewerProtocolPolicy.HttpsOnly)]
    public async Task Apply_OverHttps_ServedWithHsts(ViewerProtocolPolicy policy)
    {
        await using var fixture = await Fixture.StartAsync(new ViewerProtocolRule(policy, Hsts));
        using var response = await fixture.Client.GetAsync($"https://cdn.example.test:{fixture.Host.HttpsPort}/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=63072000; includeSubDomains; preload", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Apply_AllowAllOverHttp_ServedWithoutHsts()
    {
        await using var fixture = await Fixture.StartAsync(new ViewerProtocolRule(ViewerProtocolPolicy.AllowAll, Hsts));
        using var response = await fixture.Client.GetAsync($"http://cdn.example.test:{fixture.Host.HttpPort}/");

        Assert.Equal("hello over http HTTP/1.1", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Theory]
    [InlineData(ViewerProtocolPolicy.RedirectToHttps)]
    [InlineData(ViewerProtocolPolicy.HttpsOnly)]
    public async Task Http01Challenge_AnsweredOverHttp_WhateverThePolicy(ViewerProtocolPolicy policy)
    {
        await using var fixture = await Fixture.StartAsync(new ViewerProtocolRule(policy, Hsts));
        fixture.Host.Services.GetRequiredService<ChallengeResponseStore>().AddHttp01("tok3n_-A", "tok3n_-A.thumbprint");

        using var answered = await fixture.Client.GetAsync($"http://cdn.example.test:{fixture.Host.HttpPort}/.well-known/acme-challenge/tok3n_-A");
        using var unknown = await fixture.Client.GetAsync($"http://cdn.example.test:{fixture.Host.HttpPort}/.well-known/acme-challenge/other");
        using var post = await fixture.Client.PostAsync($"http://cdn.example.test:{fixture.Host.HttpPort}/.well-known/acme-challenge/tok3n_-A", null);

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("tok3n_-A.thumbprint", await answered.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task UseEdgeCdnViewerProtocol_Port443_RedirectWithoutPort()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseEdgeCdnViewerProtocol(_ => new ViewerProtocolRule(ViewerProtocolPolicy.RedirectToHttps), httpsPort: 443);
        await app.StartAsync();
        var port = new Uri(app.Urls.Single()).Port;
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var response = await client.GetAsync($"http://127.0.0.1:{port}/x?y");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("https://127.0.0.1/x?y", response.Headers.Location?.OriginalString);
        await app.StopAsync();
    }

    private sealed class Fixture : IAsyncDisposable
    {
        private readonly TempDirectory _data;

        private Fixture(TempDirectory data, AcmeTestHost host)
        {
            _data = data;
            Host = host;
            Client = TlsProbe.CreateHttpClient(root: null);
        }

        public AcmeTestHost Host { get; }

        public HttpClient Client { get; }

        public static async Task<Fixture> StartAsync(ViewerProtocolRule rule)
        {
            var data = new TempDirectory("acme-data");
            var settings = new Dictionary<string, string?> { ["Acme:Enabled"] = "false", ["Acme:DataDirectory"] = data.Path };
            return new Fixture(data, await AcmeTestHost.StartAsync(settings, viewerRule: _ => rule));
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Host.DisposeAsync();
            _data.Dispose();
        }
    }
}
