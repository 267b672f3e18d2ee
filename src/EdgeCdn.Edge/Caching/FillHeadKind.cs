namespace EdgeCdn.Edge.Caching;

internal enum FillHeadKind
{
    /// <summary>A response whose body streams into a <see cref="FillBuffer"/> any number of viewers may read
    /// (stored when complete if cacheable).</summary>
    Streaming,

    /// <summary>Not cacheable: the body goes through a pipe to one viewer; others fetch for themselves.</summary>
    Pass,

    /// <summary>Serve a stored entry: refreshed by a 304, found fresh meanwhile, or stale because the origin failed.</summary>
    Entry,

    /// <summary>No response from any origin and nothing stale to serve.</summary>
    Failed,
}
