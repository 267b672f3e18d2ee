using System.Collections.Concurrent;
using EdgeCdn.Core.Caching;
using EdgeCdn.Core.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.TestCommon.Edge;

/// <summary>
/// A programmable origin on a real Kestrel listener at 127.0.0.1 port 0. It serves <see cref="OriginObject"/>s
/// (with conditional GET and single ranges), counts and records every request, and can delay, fail with a
/// status, or drop the connection. In bucket mode it behaves like a private S3 bucket: paths start with
/// /{bucket}, and any request that is not validly SigV4-signed by the configured credential gets 403 AccessDenied.
/// </summary>
public sealed class TestOrigin : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, OriginObject> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<OriginRequestRecord> _requests = new();
    private readonly RequestSignatureVerifier? _verifier;
    private int _abortNext;
    private int _failNextCount;
    private int _failStatus;

    private TestOrigin(WebApplication app, string? bucket, RequestSignatureVerifier? verifier)
    {
        _app = app;
        Bucket = bucket;
        _verifier = verifier;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Bucket mode: the bucket name; null for a plain HTTP origin.</summary>
    public string? Bucket { get; }

    /// <summary>Waited before every response (real time: for timeouts and coalescing windows).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Drop every connection before answering: an origin that is down.</summary>
    public bool AbortAll { get; set; }

    public IReadOnlyCollection<OriginRequestRecord> Requests => _requests;

    /// <summary>A plain HTTP origin.</summary>
    public static Task<TestOrigin> StartAsync() => StartCoreAsync(null, null);

    /// <summary>A private S3-style bucket that only <paramref name="credential"/> may read, checked against
    /// <paramref name="clock"/> (share it with the edge so signatures are never "skewed").</summary>
    public static Task<TestOrigin> StartBucketAsync(string bucket, AwsCredential credential, TimeProvider clock, string region = "us-east-1")
    {
        var verifier = new RequestSignatureVerifier(new InMemoryCredentialStore([credential]), new SignatureVerifierOptions { Region = region }, clock);
        return StartCoreAsync(bucket, verifier);
    }

    private static async Task<TestOrigin> StartCoreAsync(string? bucket, RequestSignatureVerifier? verifier)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Limits.MaxRequestBodySize = null).UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var origin = new TestOrigin(app, bucket, verifier);
        app.Run(origin.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        origin.BaseUri = new Uri(address);
        return origin;
    }

    public OriginObject Put(string path, byte[] body, string contentType = "application/octet-stream", Action<OriginObject>? configure = null)
    {
        var item = new OriginObject
        {
            Body = body,
            ContentType = contentType,
            ETag = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(body)) + "\"",
            LastModified = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
        configure?.Invoke(item);
        _objects[path] = item;
        return item;
    }

    public OriginObject Put(string path, string text, string contentType = "text/plain", Action<OriginObject>? configure = null) =>
        Put(path, System.Text.Encoding.UTF8.GetBytes(text), contentType, configure);

    public void Remove(string path) => _objects.TryRemove(path, out _);

    /// <summary>A custom handler for one object path (bucket prefix removed).</summary>
    public void Handle(string path, Func<HttpContext, Task> handler) => _handlers[path] = handler;

    /// <summary>The next request's connection is dropped before any response.</summary>
    public void AbortNext() => Interlocked.Exchange(ref _abortNext, 1);

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/>.</summary>
    public void FailNext(int status, int count = 1)
    {
        Volatile.Write(ref _failStatus, status);
        Interlocked.Exchange(ref _failNextCount, count);
    }

    public int CountFor(string path) => _requests.Count(r => r.Path == path);

    public OriginRequestRecord LastFor(string path) => _requests.Last(r => r.Path == path);

    public void ClearRequests() => _requests.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = q < 0 ? rawTarget : rawTarget[..q];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = values.ToString();
        }

        var signature = SignatureStatus.Missing;
        if (_verifier is not null)
        {
            var signable = new RecordedRequest
            {
                Method = context.Request.Method,
                RawPath = rawPath,
                RawQuery = q < 0 ? string.Empty : rawTarget[(q + 1)..],
                Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToList(), StringComparer.OrdinalIgnoreCase),
                Body = [],
            };
            signature = _verifier.Verify(signable).Status;
        }

        var path = Uri.UnescapeDataString(rawPath);
        if (Bucket is not null)
        {
            var prefix = "/" + Bucket;
            path = path.StartsWith(prefix + "/", StringComparison.Ordinal) ? path[prefix.Length..] : path == prefix ? "/" : "!" + path;
        }

        _requests.Enqueue(new OriginRequestRecord
        {
            Method = context.Request.Method,
            Path = path,
            RawTarget = rawTarget,
            Query = context.Request.QueryString.Value is { Length: > 1 } query ? query[1..] : string.Empty,
            Headers = headers,
            Signature = signature,
        });

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        if (AbortAll || Interlocked.Exchange(ref _abortNext, 0) == 1)
        {
            context.Abort();
            return;
        }

        if (Interlocked.Decrement(ref _failNextCount) >= 0)
        {
            context.Response.StatusCode = Volatile.Read(ref _failStatus);
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("injected failure");
            return;
        }

        if (_verifier is not null && signature != SignatureStatus.Valid)
        {
            context.Response.StatusCode = 403;
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied ({signature})</Message></Error>");
            return;
        }

        if (path.StartsWith('!'))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("NoSuchBucket");
            return;
        }

        if (_handlers.TryGetValue(path, out var handler))
        {
            await handler(context);
            return;
        }

        if (!_objects.TryGetValue(path, out var item))
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = Bucket is null ? "text/plain" : "application/xml";
            await context.Response.WriteAsync(Bucket is null ? "not found" : "<Error><Code>NoSuchKey</Code></Error>");
            return;
        }

        await ServeAsync(context, item);
    }

    private static async Task ServeAsync(HttpContext context, OriginObject item)
    {
        var response = context.Response;
        var request = context.Request;
        void Validators()
        {
            if (item.ETag is not null)
            {
                response.Headers.ETag = item.ETag;
            }

            if (item.LastModified is { } lm)
            {
                response.Headers.LastModified = HttpDate.Format(lm);
            }

            if (item.CacheControl is not null)
            {
                response.Headers.CacheControl = item.CacheControl;
            }

            if (item.Expires is not null)
            {
                response.Headers.Expires = item.Expires;
            }
        }

        var notModified = item.Status == 200 && (
            (request.Headers.IfNoneMatch.Count > 0 && item.ETag is not null && EntityTags.ListMatches(request.Headers.IfNoneMatch.ToString(), item.ETag, weak: true)) ||
            (request.Headers.IfNoneMatch.Count == 0 && request.Headers.IfModifiedSince.Count > 0 && item.LastModified is { } modified &&
                HttpDate.TryParse(request.Headers.IfModifiedSince.ToString(), out var since) && modified <= since));
        if (notModified)
        {
            response.StatusCode = 304;
            Validators();
            return;
        }

        response.StatusCode = item.Status;
        response.ContentType = item.ContentType;
        Validators();
        if (item.ContentEncoding is not null)
        {
            response.Headers.ContentEncoding = item.ContentEncoding;
        }

        foreach (var (name, value) in item.Headers)
        {
            response.Headers[name] = value;
        }

        var body = item.Body.AsMemory();
        var ranges = new List<ByteRange>();
        if (item.Status == 200 && request.Headers.Range.Count > 0 &&
            ByteRangeParser.Parse(request.Headers.Range.ToString(), body.Length, ranges) == RangeParseStatus.Satisfiable && ranges.Count == 1)
        {
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {ranges[0].First}-{ranges[0].Last}/{body.Length}";
            body = body.Slice((int)ranges[0].First, (int)ranges[0].Length);
        }

        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body);
        }
    }
}
