using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Forwarding;

/// <summary>
/// What the edge asks an origin for. Only the parts of the viewer request that the cache policy keys on are here
/// (so unkeyed headers such as X-Forwarded-Host can never reach the origin and poison the cache), plus the edge's
/// own conditional headers when it revalidates.
/// </summary>
internal sealed class OriginRequest
{
    public required CacheBehavior Behavior { get; init; }

    /// <summary>The decoded object path ("/a b.html").</summary>
    public required string Path { get; init; }

    /// <summary>The query forwarded (raw, without '?'), or empty.</summary>
    public required string Query { get; init; }

    public required KeyValuePair<string, string>[] Headers { get; init; }

    /// <summary>The cookies forwarded ("a=1; b=2"), or empty.</summary>
    public required string Cookie { get; init; }

    /// <summary>The normalised Accept-Encoding to send: "br", "gzip" or "" (identity).</summary>
    public required string AcceptEncoding { get; init; }

    /// <summary>The viewer address for X-Forwarded-For.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>A Range forwarded for a pass-through range request; null otherwise.</summary>
    public string? Range { get; init; }

    public string? IfNoneMatch { get; init; }

    public string? IfModifiedSince { get; init; }
}
