namespace EdgeCdn.Edge.Observability;

/// <summary>How a viewer request was served; the metrics label and the basis of X-Cache and x-edge-result-type.</summary>
internal enum CacheResult
{
    /// <summary>Fresh from cache.</summary>
    Hit,

    /// <summary>Fetched from the origin (this request started the fill, or it was not cacheable).</summary>
    Miss,

    /// <summary>Expired, revalidated with a 304 from the origin.</summary>
    Refresh,

    /// <summary>Expired and served anyway: stale-while-revalidate, or stale-if-error / origin down.</summary>
    Stale,

    /// <summary>Waited for (or streamed from) another request's fill.</summary>
    Coalesced,

    /// <summary>An error status to the viewer (origin error, cached error, or the edge's own).</summary>
    Error,
}
