using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Edge.Hosting;

/// <summary>
/// Builds an edge node exactly as EdgeCdn.Edge.Host runs it; tests build the same one on 127.0.0.1 port 0.
/// Configuration, later sources winning: defaults, the JSON file named by --config, environment variables with
/// the EDGECDN_ prefix (EDGECDN_Edge__AdminToken), then command-line flags (--Edge:Cache:MemoryBytes=..., or the
/// short forms --admin-token, --memory-bytes, --access-log, --location). https:// entries of --urls terminate TLS
/// (certificates by SNI; ACME for the distributions' names when Acme:Enabled=true — see the Acme section).
/// </summary>
public static class EdgeNode
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--admin-token"] = "Edge:AdminToken",
        ["--memory-bytes"] = "Edge:Cache:MemoryBytes",
        ["--max-object-bytes"] = "Edge:Cache:MaxObjectBytes",
        ["--access-log"] = "Edge:AccessLog:Path",
        ["--location"] = "Edge:Node:Location",
        ["--node-name"] = "Edge:Node:Name",
    };

    /// <summary>Builds and runs a node until it is stopped; a configuration that does not validate is reported
    /// error by error on standard error, with exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (Exception ex) when (ex is OptionsValidationException or FileNotFoundException or InvalidDataException or FormatException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync("edgecdn edge: the configuration is not valid:");
            var failures = ex is OptionsValidationException validation ? validation.Failures : [ex.Message];
            foreach (var failure in failures)
            {
                await Console.Error.WriteLineAsync("  - " + failure);
            }

            return 2;
        }

        Core.Hosting.ParentLifetime.WatchIfAsked(app.Lifetime.StopApplication);
        await app.RunAsync();
        return 0;
    }

    /// <param name="args">Command-line arguments (--urls, --config, overrides).</param>
    /// <param name="configure">Runs after the edge's services are added: register a TimeProvider, add configuration
    /// sources, replace services.</param>
    /// <param name="beforeEdge">Middleware that must run before the edge (ACME challenges, protocol policy).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? beforeEdge = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        var flags = new ConfigurationBuilder().AddCommandLine(args, SwitchMappings).Build();
        if (flags["config"] is { Length: > 0 } file)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddEnvironmentVariables("EDGECDN_");
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 100;
        });
        // Per-request Information logs (hosting diagnostics, YARP) cost more than a cache hit; lifecycle logs stay.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Services.AddEdgeCdn();
        EdgeTlsFront.Configure(builder);
        configure?.Invoke(builder);

        var app = builder.Build();
        EdgeTlsFront.Use(app);
        beforeEdge?.Invoke(app);
        app.UseEdgeCdn();
        return app;
    }
}
