using EdgeCdn.Core.Routing;

namespace EdgeCdn.Edge.Configuration;

/// <summary>A compiled cache behaviour.</summary>
internal sealed class CacheBehavior
{
    public required PathPattern Pattern { get; init; }

    public required OriginTarget Target { get; init; }

    public required CachePolicy Policy { get; init; }

    public required ViewerProtocolPolicy ViewerProtocolPolicy { get; init; }

    /// <summary>Strict-Transport-Security sent on HTTPS responses of this behaviour; null: none.</summary>
    public EdgeCdn.Acme.ViewerProtocol.HstsSettings? Hsts { get; init; }

    /// <summary>Methods other than GET/HEAD that pass through to the origin uncached (OPTIONS, PUT, ...).</summary>
    public required HashSet<string> PassMethods { get; init; }

    public required bool Compress { get; init; }

    public required bool SpaFallback { get; init; }

    public required string SpaDocument { get; init; }
}
