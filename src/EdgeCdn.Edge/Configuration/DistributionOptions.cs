namespace EdgeCdn.Edge.Configuration;

/// <summary>One distribution: the names it answers to, its origins and its cache behaviours.</summary>
public sealed class DistributionOptions
{
    /// <summary>Identifier used in cache keys, invalidations and logs ([A-Za-z0-9_-]).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Alternate domain names (CNAMEs): exact names, "*.example.com" wildcards, or "*" for any host.</summary>
    public List<string> Aliases { get; set; } = [];

    /// <summary>Object served for "/" (e.g. "index.html").</summary>
    public string? DefaultRootObject { get; set; }

    public List<OriginOptions> Origins { get; set; } = [];

    public List<OriginGroupOptions> OriginGroups { get; set; } = [];

    public CacheBehaviorOptions DefaultCacheBehavior { get; set; } = new();

    /// <summary>Ordered path-pattern behaviours; the first match wins, the default behaviour comes last.</summary>
    public List<CacheBehaviorOptions> CacheBehaviors { get; set; } = [];

    public List<CustomErrorResponseOptions> CustomErrorResponses { get; set; } = [];
}
