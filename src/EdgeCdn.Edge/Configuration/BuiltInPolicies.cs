namespace EdgeCdn.Edge.Configuration;

/// <summary>Cache policies that exist without configuration, named as CloudFront's managed ones.</summary>
internal static class BuiltInPolicies
{
    public const string CachingOptimized = "CachingOptimized";
    public const string CachingDisabled = "CachingDisabled";

    public static readonly string[] Names = [CachingOptimized, CachingDisabled];

    /// <summary>1 day default, 1 year max, nothing but the path in the key, gzip and br. Unlike CloudFront's managed
    /// policy MinTTL is 0, so an origin's no-store / no-cache / private is honoured.</summary>
    public static CachePolicyOptions Optimized() => new();

    public static CachePolicyOptions Disabled() => new()
    {
        MinTtl = TimeSpan.Zero,
        DefaultTtl = TimeSpan.Zero,
        MaxTtl = TimeSpan.Zero,
        EnableAcceptEncodingGzip = false,
        EnableAcceptEncodingBrotli = false,
    };
}
