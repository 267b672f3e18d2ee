using EdgeCdn.Core.Caching;

namespace EdgeCdn.Edge.Configuration;

/// <summary>A compiled cache policy.</summary>
internal sealed class CachePolicy
{
    public required string Name { get; init; }

    public required TtlSettings Ttl { get; init; }

    public required KeyPartSelector QueryStrings { get; init; }

    public required KeyPartSelector Headers { get; init; }

    public required KeyPartSelector Cookies { get; init; }

    public required bool Gzip { get; init; }

    public required bool Brotli { get; init; }

    /// <summary>All TTLs zero: CloudFront's "caching disabled"; requests pass through to the origin.</summary>
    public bool CachingDisabled => Ttl.Max <= TimeSpan.Zero;

    public static CachePolicy Compile(string name, CachePolicyOptions options)
    {
        static KeyPartSelector Selector(KeyPartOptions part, bool ignoreCase)
        {
            _ = ConfigurationValues.TryParseKeyPart(part.Behavior, out var behavior);
            return behavior == KeyPartBehavior.None ? KeyPartSelector.None : new KeyPartSelector(behavior, part.Names, ignoreCase);
        }

        return new CachePolicy
        {
            Name = name,
            Ttl = new TtlSettings(options.MinTtl, options.DefaultTtl, options.MaxTtl),
            QueryStrings = Selector(options.QueryStrings, ignoreCase: false),
            Headers = Selector(options.Headers, ignoreCase: true),
            Cookies = Selector(options.Cookies, ignoreCase: false),
            Gzip = options.EnableAcceptEncodingGzip,
            Brotli = options.EnableAcceptEncodingBrotli,
        };
    }
}
