using EdgeCdn.Core.Signing;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Routing;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Pipeline;

/// <summary>An authenticated S3 request on its way to a handler.</summary>
internal sealed class S3Context
{
    public required HttpContext Http { get; init; }

    public required S3Request Request { get; init; }

    public required OriginPrincipal Principal { get; init; }

    public required SignatureCheck Signature { get; init; }

    public required string RequestId { get; init; }

    /// <summary>The request's time on the server clock (Last-Modified of what it writes).</summary>
    public required DateTimeOffset Now { get; init; }

    public HttpRequest HttpRequest => Http.Request;

    public HttpResponse Response => Http.Response;

    public CancellationToken Aborted => Http.RequestAborted;

    public string Bucket => Request.Bucket ?? throw new InvalidOperationException("The request names no bucket.");

    public string Key => Request.Key ?? throw new InvalidOperationException("The request names no key.");

    public string Header(string name) => Http.Request.Headers[name].ToString();
}
