using EdgeCdn.Edge.Routing;

namespace EdgeCdn.Edge.Configuration;

/// <summary>The validated, compiled configuration the request path works from (immutable once built).</summary>
internal sealed class EdgeModel
{
    public required NodeOptions Node { get; init; }

    public required CacheStoreOptions Cache { get; init; }

    public required IReadOnlyList<Distribution> Distributions { get; init; }

    public required DistributionResolver Resolver { get; init; }

    public required IReadOnlyList<OriginEndpoint> Origins { get; init; }

    /// <summary>UTF-8 bytes of the admin token, compared in constant time; null turns the admin API off.</summary>
    public byte[]? AdminToken { get; init; }

    /// <summary>"1.1 {node} (edgecdn)": what this node adds to Via.</summary>
    public required string ViaValue { get; init; }

    public Distribution? FindDistribution(string id)
    {
        foreach (var distribution in Distributions)
        {
            if (distribution.Id == id)
            {
                return distribution;
            }
        }

        return null;
    }
}
