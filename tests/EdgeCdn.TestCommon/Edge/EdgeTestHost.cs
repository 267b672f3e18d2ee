using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EdgeCdn.Core.Signing;
using EdgeCdn.Edge.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.TestCommon.Edge;

/// <summary>
/// The edge node exactly as EdgeCdn.Edge.Host builds it (<see cref="EdgeNode.Build"/>), on a real Kestrel listener
/// at 127.0.0.1 port 0, with configuration given as JSON and an optional clock. For full-chain tests against any
/// S3-compatible origin: <see cref="StartForBucketAsync"/>.
/// </summary>
public sealed class EdgeTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _directory;

    private EdgeTestHost(WebApplication app, Uri baseUri, TempDirectory directory)
    {
        _app = app;
        _directory = directory;
        BaseUri = baseUri;
        Client = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Uri BaseUri { get; }

    /// <summary>A client that sends exactly what a test asks for (no decompression, cookies or redirects).</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<EdgeTestHost> StartAsync(JsonObject configuration, TimeProvider? time = null, Action<WebApplicationBuilder>? configure = null,
        string[]? args = null)
    {
        // The configuration goes through a file and --config, exactly as the host reads config/edge.json.
        var directory = new TempDirectory("edgecdn-edge");
        var file = directory.Combine("edge.json");
        await File.WriteAllTextAsync(file, configuration.ToJsonString(), Encoding.UTF8);
        var app = EdgeNode.Build(["--urls", "http://127.0.0.1:0", "--config", file, .. args ?? []], builder =>
        {
            builder.Logging.ClearProviders();
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }

            configure?.Invoke(builder);
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            directory.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new EdgeTestHost(app, new Uri(address), directory);
    }

    /// <summary>An edge in front of a private bucket on any S3-compatible endpoint (the built-in origin, AWS S3...).</summary>
    public static Task<EdgeTestHost> StartForBucketAsync(Uri endpoint, string bucket, AwsCredential credential, string region = "us-east-1",
        TimeProvider? time = null, Action<JsonObject>? edit = null)
    {
        var config = EdgeConfig.ForBucket(endpoint, bucket, credential, region);
        edit?.Invoke(config);
        return StartAsync(config, time);
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, pathAndQuery, configure);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        configure?.Invoke(request);
        return Client.SendAsync(request);
    }

    public T GetService<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}
