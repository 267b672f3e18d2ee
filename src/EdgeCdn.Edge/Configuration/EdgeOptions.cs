namespace EdgeCdn.Edge.Configuration;

/// <summary>
/// Everything an edge node is configured with (section "Edge" of config/edge.json, EDGECDN_Edge__... environment
/// variables, --Edge:... flags). Validated as a whole at start by <see cref="EdgeOptionsValidator"/>.
/// </summary>
public sealed class EdgeOptions
{
    public const string SectionName = "Edge";

    public NodeOptions Node { get; set; } = new();

    public CacheStoreOptions Cache { get; set; } = new();

    public AccessLogOptions AccessLog { get; set; } = new();

    public ConnectionBufferOptions ConnectionBuffers { get; set; } = new();

    /// <summary>Bearer token for the /_edgecdn/ admin API (invalidations). Without one, that API answers 403.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Named cache policies; "CachingOptimized" and "CachingDisabled" exist unless redefined here.</summary>
    public Dictionary<string, CachePolicyOptions> CachePolicies { get; set; } = new(StringComparer.Ordinal);

    public List<DistributionOptions> Distributions { get; set; } = [];
}

/// <summary>Kestrel's per-connection buffers (section Edge:ConnectionBuffers).</summary>
public sealed class ConnectionBufferOptions
{
    /// <summary>Size of each pooled buffer block (4096-1048576; Kestrel's own default is 4096). Larger blocks make large
    /// responses cheaper to send; idle connections hold none either way.</summary>
    public int BlockBytes { get; set; } = 32 * 1024;

    /// <summary>Returned blocks kept for reuse, in bytes; beyond this they go back to the GC.</summary>
    public long MaxRetainedBytes { get; set; } = 64L * 1024 * 1024;
}
