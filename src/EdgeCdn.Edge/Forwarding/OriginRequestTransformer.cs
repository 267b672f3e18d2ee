using EdgeCdn.Core.Signing;
using EdgeCdn.Edge.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace EdgeCdn.Edge.Forwarding;

/// <summary>
/// Builds the origin request from an <see cref="OriginRequest"/> (never from the viewer's raw headers) and signs it
/// with SigV4 as the very last step, so every header that goes out is covered by the signature.
/// </summary>
internal sealed class OriginRequestTransformer : HttpTransformer
{
    private readonly OriginAttempt _attempt;
    private readonly TimeProvider _time;
    private readonly string _via;

    public OriginRequestTransformer(OriginAttempt attempt, TimeProvider time, string via)
    {
        _attempt = attempt;
        _time = time;
        _via = via;
    }

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        var request = _attempt.Request;
        var origin = _attempt.Origin;
        proxyRequest.RequestUri = BuildUri(origin, request.Path, request.Query);
        var headers = proxyRequest.Headers;
        foreach (var (name, value) in request.Headers)
        {
            headers.TryAddWithoutValidation(name, value);
        }

        if (request.Cookie.Length > 0)
        {
            headers.TryAddWithoutValidation("Cookie", request.Cookie);
        }

        if (request.AcceptEncoding.Length > 0)
        {
            headers.TryAddWithoutValidation("Accept-Encoding", request.AcceptEncoding);
        }

        if (request.Range is { } range)
        {
            headers.TryAddWithoutValidation("Range", range);
        }

        if (request.IfNoneMatch is { } etag)
        {
            headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        if (request.IfModifiedSince is { } since)
        {
            headers.TryAddWithoutValidation("If-Modified-Since", since);
        }

        foreach (var (name, value) in origin.CustomHeaders)
        {
            headers.TryAddWithoutValidation(name, value);
        }

        if (!headers.Contains("User-Agent"))
        {
            headers.TryAddWithoutValidation("User-Agent", "edgecdn");
        }

        headers.TryAddWithoutValidation("Via", _via);
        if (request.ClientAddress is { } client)
        {
            headers.TryAddWithoutValidation("X-Forwarded-For", client);
        }

        Sign(origin, proxyRequest);
        _attempt.SentTimestamp = _time.GetTimestamp();
        return ValueTask.CompletedTask;
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is null)
        {
            _attempt.OnNoResponse();
            return ValueTask.FromResult(false);
        }

        var sink = _attempt.OnHeaders(proxyResponse, _time.GetTimestamp());
        if (sink is null)
        {
            return ValueTask.FromResult(false);
        }

        httpContext.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(sink));
        return ValueTask.FromResult(true);
    }

    public override ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>Signs last: "always" replaces any Authorization, "no-override" keeps one that is being forwarded.</summary>
    internal void Sign(OriginEndpoint origin, HttpRequestMessage message)
    {
        if (origin.Signer is null)
        {
            return;
        }

        if (origin.SigningBehavior == SigningBehavior.NoOverride && message.Headers.Contains("Authorization"))
        {
            return;
        }

        origin.Signer.Sign(message, _time.GetUtcNow());
    }

    /// <summary>The origin URI with the object path encoded the way S3 canonicalises it (RFC 3986 unreserved
    /// characters and '/' kept), so the path on the wire is exactly the one signed.</summary>
    internal static Uri BuildUri(OriginEndpoint origin, string path, string query)
    {
        var encoded = UriEncoding.Encode(path, keepSlash: true);
        var text = query.Length > 0
            ? string.Concat(origin.Authority, origin.PathPrefix, encoded, "?", query)
            : string.Concat(origin.Authority, origin.PathPrefix, encoded);
        return new Uri(text, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
    }
}
