using EdgeCdn.Edge.Observability;

namespace EdgeCdn.Edge.Caching;

/// <summary>What a fill produced once the origin's response headers are in.</summary>
internal sealed class FillHead
{
    public required FillHeadKind Kind { get; init; }

    public required CacheResult Result { get; init; }

    public ResponseMeta? Meta { get; init; }

    public FillBuffer? Buffer { get; init; }

    public CacheEntry? Entry { get; init; }

    /// <summary>For <see cref="FillHeadKind.Failed"/>: 502 or 504.</summary>
    public int FailedStatus { get; init; }

    public TimeSpan? UpstreamFirstByte { get; init; }

    /// <summary>Streaming: the response will be stored when complete.</summary>
    public bool Cacheable { get; init; }

    /// <summary>Streaming/Pass: the body to send when the response is not the final stored entry (Content-Length
    /// of an uncompressed body).</summary>
    public long? ContentLength => Meta?.ContentLength;

    public static FillHead ForEntry(CacheEntry entry, CacheResult result) =>
        new() { Kind = FillHeadKind.Entry, Result = result, Entry = entry, Meta = entry.Meta };

    public static FillHead ForFailure(int status) => new() { Kind = FillHeadKind.Failed, Result = CacheResult.Error, FailedStatus = status };
}
