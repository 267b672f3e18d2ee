using Microsoft.Extensions.Primitives;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// Status and headers of a response as viewers get them (hop-by-hop, Content-Length, Age and the edge's own headers
/// removed; the edge's Via appended), prepared once when the response is stored so a hit only copies them.
/// </summary>
internal sealed class ResponseMeta
{
    public required int StatusCode { get; init; }

    /// <summary>Written to the viewer verbatim, in this order.</summary>
    public required KeyValuePair<string, StringValues>[] Headers { get; init; }

    /// <summary>The ETag viewers see (made weak when the edge compressed the body).</summary>
    public string? ETag { get; init; }

    /// <summary>The ETag as the origin sent it: what a revalidation puts in If-None-Match.</summary>
    public string? OriginETag { get; init; }

    /// <summary>Last-Modified as the origin sent it: what a revalidation puts in If-Modified-Since.</summary>
    public string? LastModifiedText { get; init; }

    /// <summary>The edge compressed the body (the origin sent it uncompressed).</summary>
    public bool CompressedByEdge { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public string? ContentType { get; init; }

    public string? ContentEncoding { get; init; }

    /// <summary>The body length when known before the body is complete (Content-Length of an uncompressed body).</summary>
    public long? ContentLength { get; init; }

    public bool HasValidators => ETag is not null || LastModified is not null;

    public string? Get(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value.ToString();
            }
        }

        return null;
    }
}
