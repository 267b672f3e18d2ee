using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.TestCommon;

/// <summary>
/// A real Kestrel listener on 127.0.0.1 port 0 that records every request byte for byte (raw request target,
/// headers, body) and answers with a configurable response. Clients under test talk to it as to a real server.
/// </summary>
public sealed class RecordingHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private RecordingHttpServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>What to answer; the default is 200 with an ETag and an empty body.</summary>
    public Func<RecordedRequest, HttpResponse, Task> Respond { get; set; } = static (_, response) =>
    {
        response.StatusCode = 200;
        response.Headers.ETag = "\"d41d8cd98f00b204e9800998ecf8427e\"";
        return Task.CompletedTask;
    };

    public Uri BaseUri { get; private set; } = null!;

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    /// <param name="protocols">Http2 alone gives h2c with prior knowledge (cleartext HTTP/2).</param>
    public static async Task<RecordingHttpServer> StartAsync(HttpProtocols protocols = HttpProtocols.Http1)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = null;
            o.ConfigureEndpointDefaults(listen => listen.Protocols = protocols);
        }).UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new RecordingHttpServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUri = new Uri(address);
        return server;
    }

    public RecordedRequest Last() => _requests.Last();

    public void Clear() => _requests.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = [.. values.Select(v => v ?? string.Empty)];
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var recorded = new RecordedRequest
        {
            Method = context.Request.Method,
            RawPath = q < 0 ? rawTarget : rawTarget[..q],
            RawQuery = q < 0 ? string.Empty : rawTarget[(q + 1)..],
            Headers = headers,
            Body = body.ToArray(),
        };
        _requests.Enqueue(recorded);
        await Respond(recorded, context.Response);
    }
}
