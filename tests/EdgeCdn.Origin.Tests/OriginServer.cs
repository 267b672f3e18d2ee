using Amazon.Runtime;
using Amazon.S3;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.TestCommon;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.Origin.Tests;

/// <summary>
/// The origin exactly as the host runs it (<see cref="OriginApplication.Create"/>), on a real Kestrel listener at
/// 127.0.0.1 port 0 with its own data directory, a root user and two ordinary users, and a clock that tests can shift.
/// </summary>
public sealed class OriginServer : IAsyncDisposable
{
    public const string RootAccessKey = "EDGECDNTESTROOT00001";
    public const string RootSecretKey = "root/test+secret/0123456789abcdefghijklm";
    public const string AliceAccessKey = "EDGECDNTESTALICE0001";
    public const string AliceSecretKey = "alice/test+secret/0123456789abcdefghijk";
    public const string BobAccessKey = "EDGECDNTESTBOB000001";
    public const string BobSecretKey = "bob/test+secret/0123456789abcdefghijklmn";

    private readonly TempDirectory? _ownedData;

    private OriginServer(WebApplication app, string dataDirectory, TempDirectory? ownedData, OffsetTimeProvider clock, StringWriter console)
    {
        App = app;
        DataDirectory = dataDirectory;
        _ownedData = ownedData;
        Clock = clock;
        Console = console;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUri = new Uri(address);
    }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    public string DataDirectory { get; }

    public OffsetTimeProvider Clock { get; }

    /// <summary>What the origin printed for the operator (generated credentials).</summary>
    public StringWriter Console { get; }

    public static async Task<OriginServer> StartAsync(IDictionary<string, string?>? settings = null, string? dataDirectory = null, bool withUsers = true)
    {
        var owned = dataDirectory is null ? new TempDirectory("edgecdn-origin") : null;
        var data = dataDirectory ?? owned!.Combine("data");
        var clock = new OffsetTimeProvider();
        var console = new StringWriter();
        var values = new Dictionary<string, string?>();
        if (withUsers)
        {
            values["Origin:RootUser:AccessKey"] = RootAccessKey;
            values["Origin:RootUser:SecretKey"] = RootSecretKey;
            values["Origin:Users:0:Name"] = "alice";
            values["Origin:Users:0:AccessKey"] = AliceAccessKey;
            values["Origin:Users:0:SecretKey"] = AliceSecretKey;
            values["Origin:Users:1:Name"] = "bob";
            values["Origin:Users:1:AccessKey"] = BobAccessKey;
            values["Origin:Users:1:SecretKey"] = BobSecretKey;
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }

        var app = OriginApplication.Create(["--urls", "http://127.0.0.1:0", "--data-dir", data], builder =>
        {
            builder.Configuration.AddInMemoryCollection(values);
            builder.Logging.ClearProviders();
            builder.Logging.AddFilter(level => level >= LogLevel.Warning);
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.AddSingleton(new OriginConsole(console));
        });
        await app.StartAsync();
        return new OriginServer(app, data, owned, clock, console);
    }

    /// <summary>The lifecycle worker of this server (tests run its passes on the shifted clock).</summary>
    internal Origin.Lifecycle.LifecycleWorker LifecycleWorker => App.Services.GetRequiredService<Origin.Lifecycle.LifecycleWorker>();

    /// <summary>Where the website endpoint listens (Origin:Website:Urls must be set).</summary>
    internal Uri WebsiteUri => App.Services.GetRequiredService<Origin.Website.WebsiteEndpoint>().Addresses[0];

    public AmazonS3Client Client(string accessKey = RootAccessKey, string secretKey = RootSecretKey, Action<AmazonS3Config>? configure = null)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = BaseUri.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromMinutes(2),
        };
        configure?.Invoke(config);
        return new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), config);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _ownedData?.Dispose();
    }
}
