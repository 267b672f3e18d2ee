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

    /// <summary>Bearer token for the /_edgecdn/ admin API (invalidations). Without one, that API answers 403.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Named cache policies; "CachingOptimized" and "CachingDisabled" exist unless redefined here.</summary>
    public Dictionary<string, CachePolicyOptions> CachePolicies { get; set; } = new(StringComparer.Ordinal);

    public List<DistributionOptions> Distributions { get; set; } = [];
}
