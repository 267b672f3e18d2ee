using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.S3;
using EdgeCdn.Core.Signing;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.TestCommon;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.IntegrationTests.Chain;

/// <summary>
/// The real origin (the host's own pipeline, <see cref="OriginApplication.Create"/>) on 127.0.0.1 port 0, with a
/// recorder in front of the S3 pipeline: every request it receives (method, raw target, headers) is kept so tests
/// assert what the edge sent, and whether its signature verifies.
/// </summary>
public sealed class ChainOrigin : IAsyncDisposable
{
    public const string RootAccessKey = "EDGECDNCHAINROOT0001";
    public const string RootSecretKey = "chain/root+secret/0123456789abcdefghijk";

    /// <summary>The User-Agent tests use for requests sent straight to the origin (not through an edge).</summary>
    public const string DirectViewerAgent = "direct-viewer/1.0";

    private readonly WebApplication _app;
    private readonly TempDirectory _data;
    private readonly ConcurrentQueue<RecordedRequest> _received;

    private ChainOrigin(WebApplication app, TempDirectory data, ConcurrentQueue<RecordedRequest> received, OffsetTimeProvider clock)
    {
        _app = app;
        _data = data;
        _received = received;
        Clock = clock;
        BaseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public Uri BaseUri { get; }

    /// <summary>The origin's clock: moved together with the edge's manual clock so signatures stay within skew.</summary>
    public OffsetTimeProvider Clock { get; }

    public static AwsCredential Root { get; } = new(RootAccessKey, RootSecretKey);

    public IReadOnlyCollection<RecordedRequest> Received => _received;

    public static async Task<ChainOrigin> StartAsync()
    {
        var data = new TempDirectory("edgecdn-chain-origin");
        var received = new ConcurrentQueue<RecordedRequest>();
        var clock = new OffsetTimeProvider();
        var app = OriginApplication.Create(["--urls", "http://127.0.0.1:0", "--data-dir", data.Combine("data")], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Origin:RootUser:AccessKey"] = RootAccessKey,
                ["Origin:RootUser:SecretKey"] = RootSecretKey,
            });
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.AddSingleton(new OriginConsole(new StringWriter()));
            builder.Services.AddSingleton<IStartupFilter>(new RecordingFilter(received));
        });
        await app.StartAsync();
        return new ChainOrigin(app, data, received, clock);
    }

    public AmazonS3Client Client() => new(new BasicAWSCredentials(RootAccessKey, RootSecretKey), new AmazonS3Config
    {
        ServiceURL = BaseUri.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
    });

    /// <summary>Requests for <paramref name="key"/> of <paramref name="bucket"/> that came from an edge: neither from
    /// the test's S3 client (the AWS SDK's user agent) nor from a test's direct viewer.</summary>
    public List<RecordedRequest> FromEdge(string bucket, string key) =>
        _received.Where(r => r.RawPath == "/" + bucket + "/" + UriEncoding.Encode(key, keepSlash: true) &&
                             !(r.GetHeader("user-agent") ?? string.Empty).Contains("aws-sdk", StringComparison.OrdinalIgnoreCase) &&
                             r.GetHeader("user-agent") != DirectViewerAgent).ToList();

    public SignatureCheck Verify(RecordedRequest request) =>
        new RequestSignatureVerifier(new InMemoryCredentialStore([Root]), new SignatureVerifierOptions(), Clock).Verify(request);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Dispose();
    }

    private sealed class RecordingFilter(ConcurrentQueue<RecordedRequest> received) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
                var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
                received.Enqueue(new RecordedRequest
                {
                    Method = context.Request.Method,
                    RawPath = q < 0 ? rawTarget : rawTarget[..q],
                    RawQuery = q < 0 ? string.Empty : rawTarget[(q + 1)..],
                    Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToList(), StringComparer.OrdinalIgnoreCase),
                    Body = [],
                });
                await following(context);
            });
            next(app);
        };
    }
}
