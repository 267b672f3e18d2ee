using EdgeCdn.Edge.Configuration;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Edge.Serving;

/// <summary>A viewer request past the hit path: where it goes and what of it is keyed and forwarded.</summary>
internal sealed class ViewerRequest
{
    public required HttpContext Context { get; init; }

    public required Distribution Distribution { get; init; }

    public required CacheBehavior Behavior { get; init; }

    /// <summary>The decoded path after the default root object ("/index.html" for "/").</summary>
    public required string Path { get; init; }

    /// <summary>The path the viewer asked for (before the default root object), for logs.</summary>
    public required string RequestPath { get; init; }

    /// <summary>The forwarded (keyed) query, raw, without '?'.</summary>
    public required string Query { get; init; }

    public required KeyValuePair<string, string>[] Headers { get; init; }

    public required string Cookie { get; init; }

    public required string AcceptEncoding { get; init; }

    /// <summary>Null when the request cannot be cached (a key part contained a delimiter, or caching is off).</summary>
    public string? Key { get; init; }

    public required long StartTimestamp { get; init; }

    /// <summary>A request the edge makes for itself (custom error page, SPA document): no further error rules.</summary>
    public bool Internal { get; init; }

    public bool IsHead => HttpMethods.IsHead(Context.Request.Method);

    public bool HasRange => Context.Request.Headers.Range.Count > 0;
}
