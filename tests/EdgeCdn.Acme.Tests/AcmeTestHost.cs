using System.Net;
using EdgeCdn.Acme.Renewal;
using EdgeCdn.Acme.Tls;
using EdgeCdn.Acme.ViewerProtocol;
using EdgeCdn.TestCommon;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.Acme.Tests;

/// <summary>
/// The minimal edge-shaped host the ACME pieces are wired into, as the edge host will wire them: real Kestrel on
/// 127.0.0.1 port 0 with one HTTP listener (http-01) and one TLS listener (UseEdgeCdnTls: SNI selection, tls-alpn-01),
/// the challenge responder first in the pipeline, an optional viewer protocol rule, the status endpoint, and "/" answering
/// with the scheme and protocol it was reached over.
/// </summary>
internal sealed class AcmeTestHost : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789";

    private readonly WebApplication _app;

    private AcmeTestHost(WebApplication app, int httpPort, int httpsPort)
    {
        _app = app;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
    }

    public int HttpPort { get; }

    public int HttpsPort { get; }

    public IServiceProvider Services => _app.Services;

    public CertificateRegistry Registry => Services.GetRequiredService<CertificateRegistry>();

    public CertificateStatusSource Status => Services.GetRequiredService<CertificateStatusSource>();

    internal CertificateSelector Selector => Services.GetRequiredService<CertificateSelector>();

    internal CertificateRenewalService Renewal => Services.GetRequiredService<CertificateRenewalService>();

    /// <summary>Settings every test shares: pebble's directory, its listener root as the trusted root, terms agreed.</summary>
    public static Dictionary<string, string?> SettingsFor(PebbleServer pebble, string dataDirectory, params string[] challengeTypes)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Acme:DirectoryUrl"] = pebble.DirectoryUrl.ToString(),
            ["Acme:TrustedRootsPath"] = pebble.ListenerRootPath,
            ["Acme:TermsOfServiceAgreed"] = "true",
            ["Acme:Email"] = "ops@example.test",
            ["Acme:DataDirectory"] = dataDirectory,
            ["Acme:RetryMinDelay"] = "00:00:01",
            ["Acme:RetryMaxDelay"] = "00:00:05",
        };
        for (var i = 0; i < challengeTypes.Length; i++)
        {
            settings[$"Acme:ChallengeTypes:{i}"] = challengeTypes[i];
        }

        return settings;
    }

    public static async Task<AcmeTestHost> StartAsync(
        IDictionary<string, string?> settings,
        TimeProvider? time = null,
        Func<HttpContext, ViewerProtocolRule>? viewerRule = null,
        Action<IApplicationBuilder>? beforeChallenges = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(new TestLoggerProvider());
        builder.Configuration.AddInMemoryCollection(settings);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddEdgeCdnAcme();
        builder.Services.AddRouting();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseEdgeCdnTls());
        });

        var app = builder.Build();
        AcmeTestHost? host = null;
        beforeChallenges?.Invoke(app);
        app.UseEdgeCdnAcmeChallenges();
        if (viewerRule is not null)
        {
            app.Use((context, next) => ViewerProtocolEnforcer.Apply(context, viewerRule(context), host!.HttpsPort) ? Task.CompletedTask : next(context));
        }

        app.MapEdgeCdnCertificateStatus(AdminToken);
        app.MapGet("/", (HttpContext context) => $"hello over {context.Request.Scheme} {context.Request.Protocol}");
        app.MapPost("/form", (HttpContext context) => "posted");
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var http = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal))).Port;
        var https = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal))).Port;
        host = new AcmeTestHost(app, http, https);
        return host;
    }

    /// <summary>Polls the status source until the name set has a valid certificate or its order failed.</summary>
    public async Task<CertificateStatus> WaitForOutcomeAsync(IReadOnlyList<string> names, TimeSpan? timeout = null, Func<CertificateStatus, bool>? done = null)
    {
        done ??= s => s.State is "valid" or "failing";
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = Status.Get(names);
            if (status is not null && done(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No outcome for {string.Join(", ", names)}: {status}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
