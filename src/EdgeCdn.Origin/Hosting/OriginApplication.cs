using EdgeCdn.Origin.Acls;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Cors;
using EdgeCdn.Origin.Encryption;
using EdgeCdn.Origin.Lifecycle;
using EdgeCdn.Origin.Multipart;
using EdgeCdn.Origin.Objects;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Policies;
using EdgeCdn.Origin.Restore;
using EdgeCdn.Origin.Storage;
using EdgeCdn.Origin.Tagging;
using EdgeCdn.Origin.Versioning;
using EdgeCdn.Origin.Website;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Hosting;

/// <summary>
/// The origin's whole pipeline, built the same way by the host's Program.cs and by the tests (which only add
/// settings, e.g. <c>--urls http://127.0.0.1:0</c>, and may swap the clock).
/// Configuration, lowest precedence first: built-in defaults, <c>config/origin.json</c> (or <c>--config</c>),
/// environment variables (<c>Origin__Region</c>, <c>EDGECDN_Origin__Region</c>; <c>EDGECDN_ACCESS_KEY</c> and
/// <c>EDGECDN_SECRET_KEY</c> for the root user), then flags (<c>--urls</c>, <c>--data-dir</c>, <c>--region</c>,
/// <c>--base-domain</c>, <c>--website-urls</c>, or any <c>--Origin:Key=value</c>).
/// </summary>
public static class OriginApplication
{
    public const string DefaultUrls = "http://127.0.0.1:9000";
    public const string DefaultConfigFile = "config/origin.json";

    private static readonly Dictionary<string, string> Flags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--data-dir"] = "Origin:DataDirectory",
        ["--region"] = "Origin:Region",
        ["--base-domain"] = "Origin:BaseDomain",
        ["--website-urls"] = "Origin:Website:Urls",
        ["--config"] = "config",
    };

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        ConfigureSources(builder.Configuration, args, builder.Environment.ContentRootPath);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Object bodies are bounded by Origin:MaxObjectBytes / MaxPartBytes, checked while streaming.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });
        configure?.Invoke(builder);
        AddOrigin(builder.Services);

        var app = builder.Build();
        var pipeline = app.Services.GetRequiredService<S3RequestPipeline>();
        app.Run(pipeline.InvokeAsync);
        return app;
    }

    private static void ConfigureSources(ConfigurationManager configuration, string[] args, string contentRoot)
    {
        ((IConfigurationBuilder)configuration).Sources.Clear();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = DefaultUrls,
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        });
        var file = ConfigFileFromArgs(args) ?? Environment.GetEnvironmentVariable("EDGECDN_CONFIG") ?? DefaultConfigFile;
        configuration.AddJsonFile(Path.GetFullPath(file, contentRoot), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables("DOTNET_");
        configuration.AddEnvironmentVariables("ASPNETCORE_");
        configuration.AddEnvironmentVariables();
        configuration.AddEnvironmentVariables("EDGECDN_");
        var rootAccessKey = Environment.GetEnvironmentVariable("EDGECDN_ACCESS_KEY");
        var rootSecretKey = Environment.GetEnvironmentVariable("EDGECDN_SECRET_KEY");
        if (!string.IsNullOrEmpty(rootAccessKey) || !string.IsNullOrEmpty(rootSecretKey))
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Origin:RootUser:Name"] = "root",
                ["Origin:RootUser:AccessKey"] = rootAccessKey,
                ["Origin:RootUser:SecretKey"] = rootSecretKey,
            });
        }

        configuration.AddCommandLine(args, Flags);
    }

    private static string? ConfigFileFromArgs(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].Equals("--config", StringComparison.OrdinalIgnoreCase) && i + 1 < args.Length)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith("--config=", StringComparison.OrdinalIgnoreCase))
            {
                return args[i]["--config=".Length..];
            }
        }

        return null;
    }

    private static void AddOrigin(IServiceCollection services)
    {
        services.AddOptions<OriginOptions>()
            .BindConfiguration(OriginOptions.SectionName)
            .PostConfigure(o =>
            {
                if (!string.IsNullOrWhiteSpace(o.DataDirectory))
                {
                    o.DataDirectory = Path.GetFullPath(o.DataDirectory);
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OriginOptions>, OriginOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new OriginConsole(Console.Out));
        services.AddMetrics();
        services.AddSingleton<OriginMetrics>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OriginOptions>>().Value;
            return new ObjectStore(options.DataDirectory, options.FsyncWrites, sp.GetRequiredService<ILoggerFactory>(),
                new HotBlobCache(options.HotObjects.MemoryBytes, options.HotObjects.MaxObjectBytes));
        });
        services.AddSingleton<OriginCredentialStore>();
        services.AddSingleton<RootCredentialBootstrapper>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<BucketAuthorizer>();
        services.AddSingleton<MasterKeyStore>();
        services.AddSingleton<BlobEncryption>();
        services.AddSingleton<ObjectResponder>();
        services.AddSingleton<BucketHandler>();
        services.AddSingleton<ObjectHandler>();
        services.AddSingleton<ListObjectsHandler>();
        services.AddSingleton<DeleteObjectsHandler>();
        services.AddSingleton<MultipartHandler>();
        services.AddSingleton<VersioningHandler>();
        services.AddSingleton<ListObjectVersionsHandler>();
        services.AddSingleton<BucketPolicyHandler>();
        services.AddSingleton<PublicAccessBlockHandler>();
        services.AddSingleton<AclHandler>();
        services.AddSingleton<OwnershipControlsHandler>();
        services.AddSingleton<BucketEncryptionHandler>();
        services.AddSingleton<LifecycleHandler>();
        services.AddSingleton<WebsiteConfigurationHandler>();
        services.AddSingleton<CorsHandler>();
        services.AddSingleton<TaggingHandler>();
        services.AddSingleton<RestoreHandler>();
        services.AddSingleton<WebsiteRequestHandler>();
        services.AddSingleton<S3Dispatcher>();
        services.AddSingleton<S3RequestPipeline>();
        services.AddHostedService<OriginStartup>();
        services.AddSingleton<LifecycleWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<LifecycleWorker>());
        services.AddSingleton<WebsiteEndpoint>();
        services.AddHostedService(sp => sp.GetRequiredService<WebsiteEndpoint>());
    }
}
