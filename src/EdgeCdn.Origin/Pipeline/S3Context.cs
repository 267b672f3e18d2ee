using EdgeCdn.Core.Signing;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Routing;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Pipeline;

/// <summary>An authenticated (or anonymous) S3 request on its way to a handler.</summary>
internal sealed class S3Context
{
    public required HttpContext Http { get; init; }

    public required S3Request Request { get; init; }

    /// <summary>Who signed the request; <see cref="OriginPrincipal.Anonymous"/> when nobody did.</summary>
    public required OriginPrincipal Principal { get; init; }

    public required SignatureCheck Signature { get; init; }

    public required string RequestId { get; init; }

    /// <summary>The request's time on the server clock (Last-Modified of what it writes).</summary>
    public required DateTimeOffset Now { get; init; }

    public required BucketAuthorizer Authorizer { get; init; }

    /// <summary>Set by the authoriser when only the object's ACL can still allow the request (checked once loaded).</summary>
    public string? PendingObjectPermission { get; set; }

    public HttpRequest HttpRequest => Http.Request;

    public HttpResponse Response => Http.Response;

    public CancellationToken Aborted => Http.RequestAborted;

    public string Bucket => Request.Bucket ?? throw new InvalidOperationException("The request names no bucket.");

    public string Key => Request.Key ?? throw new InvalidOperationException("The request names no key.");

    /// <summary>The versionId query parameter, checked (InvalidArgument when malformed); null when absent.</summary>
    public string? VersionId => Request.Query.Get("versionId") is { } v ? Versioning.VersionIds.Check(v) : null;

    public string Header(string name) => Http.Request.Headers[name].ToString();
}
