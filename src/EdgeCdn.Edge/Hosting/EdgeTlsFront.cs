using System.Net;
using EdgeCdn.Acme;
using EdgeCdn.Acme.Renewal;
using EdgeCdn.Acme.ViewerProtocol;
using EdgeCdn.Edge.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using AcmePolicy = EdgeCdn.Acme.ViewerProtocol.ViewerProtocolPolicy;
using EdgePolicy = EdgeCdn.Edge.Configuration.ViewerProtocolPolicy;

namespace EdgeCdn.Edge.Hosting;

/// <summary>
/// The edge's TLS front (EdgeCdn.Acme): https:// entries of --urls terminate TLS with certificates chosen by SNI
/// (ACME-issued for the distributions' alternate domain names when Acme:Enabled, else stored or self-signed),
/// ACME http-01 challenges are answered before anything else, and each cache behaviour's viewer protocol policy
/// (and HSTS) is applied before the cache sees the request.
/// </summary>
internal static partial class EdgeTlsFront
{
    public static void Configure(WebApplicationBuilder builder)
    {
        // ACME is opt-in on an edge: without Acme:Enabled=true nothing contacts a CA (the library's own default is on).
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Acme:Enabled"] = "false", ["Acme:DataDirectory"] = ".edgecdn/acme" },
        });
        builder.Services.AddEdgeCdnAcme();

        var urls = (builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => new Uri(u.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal)))
            .ToList();
        if (!urls.Any(u => u.Scheme == Uri.UriSchemeHttps))
        {
            return;
        }

        // Kestrel cannot give URL-configured endpoints a per-handshake certificate selector: bind them explicitly.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var url in urls)
            {
                void Configure(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions listen)
                {
                    if (url.Scheme == Uri.UriSchemeHttps)
                    {
                        listen.UseEdgeCdnTls();
                    }
                }

                if (url.Host == "localhost")
                {
                    kestrel.ListenLocalhost(url.Port, Configure);
                }
                else
                {
                    kestrel.Listen(IPAddress.Parse(url.Host.Trim('[', ']')), url.Port, Configure);
                }
            }
        });
    }

    public static void Use(WebApplication app)
    {
        app.UseEdgeCdnAcmeChallenges();
        var model = app.Services.GetRequiredService<EdgeModel>();
        var acme = app.Services.GetRequiredService<IOptions<AcmeOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EdgeCdn.Edge.Tls");
        if (acme.Enabled)
        {
            var registry = app.Services.GetRequiredService<CertificateRegistry>();
            foreach (var distribution in model.Distributions)
            {
                var names = CertificateNames(distribution.Aliases);
                if (names.Count > 0 && !registry.TryRegister(names, out var error))
                {
                    Log.CertificateRefused(logger, distribution.Id, error ?? "unknown reason");
                }
            }
        }

        var rules = model.Distributions.SelectMany(d => d.Behaviors.Append(d.DefaultBehavior)).Distinct()
            .ToDictionary(b => b, b => new ViewerProtocolRule(ToAcme(b.ViewerProtocolPolicy), b.Hsts));
        if (rules.Values.All(r => r.Policy == AcmePolicy.AllowAll && r.Hsts is null))
        {
            return; // nothing to enforce: the hit path stays untouched
        }

        var server = app.Services.GetRequiredService<IServer>();
        int? httpsPort = null;
        app.Use(next => context =>
        {
            var distribution = model.Resolver.Find(context.Request.Host.Value);
            if (distribution is null)
            {
                return next(context);
            }

            var path = context.Request.Path.Value ?? "/";
            var behavior = distribution.MatchBehavior(path == "/" && distribution.DefaultRootPath is { } root ? root : path);
            httpsPort ??= HttpsPort(server);
            return ViewerProtocolEnforcer.Apply(context, rules[behavior], httpsPort) ? Task.CompletedTask : next(context);
        });
    }

    /// <summary>Names a CA can validate over http-01/tls-alpn-01: no catch-all, no wildcard (that needs dns-01), no
    /// IP address, not localhost.</summary>
    internal static List<string> CertificateNames(IEnumerable<string> aliases) =>
        aliases.Where(a => a != "*" && !a.StartsWith("*.", StringComparison.Ordinal) && !IPAddress.TryParse(a, out _) &&
                           !a.Equals("localhost", StringComparison.OrdinalIgnoreCase)).ToList();

    private static int? HttpsPort(IServer server) =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => new Uri(a))
            .FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttps)?.Port;

    private static AcmePolicy ToAcme(EdgePolicy policy) => policy switch
    {
        EdgePolicy.RedirectToHttps => AcmePolicy.RedirectToHttps,
        EdgePolicy.HttpsOnly => AcmePolicy.HttpsOnly,
        _ => AcmePolicy.AllowAll,
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "No certificate will be obtained for distribution {Distribution}: {Reason}")]
        public static partial void CertificateRefused(ILogger logger, string distribution, string reason);
    }
}
