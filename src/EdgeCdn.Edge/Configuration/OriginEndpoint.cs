using EdgeCdn.Core.Signing;

namespace EdgeCdn.Edge.Configuration;

/// <summary>A compiled origin: where requests go and how they are signed.</summary>
internal sealed class OriginEndpoint
{
    public required string Id { get; init; }

    public required OriginKind Kind { get; init; }

    /// <summary>scheme://host[:port] with no trailing slash: YARP's destination prefix.</summary>
    public required string Authority { get; init; }

    /// <summary>Put before the encoded object path: "/bucket" for path-style s3, the OriginPath for http, or "".</summary>
    public required string PathPrefix { get; init; }

    /// <summary>Null when requests are not signed.</summary>
    public SigV4Signer? Signer { get; init; }

    public required SigningBehavior SigningBehavior { get; init; }

    public required KeyValuePair<string, string>[] CustomHeaders { get; init; }

    public required OriginOptions Options { get; init; }

    public override string ToString() => Id;
}
