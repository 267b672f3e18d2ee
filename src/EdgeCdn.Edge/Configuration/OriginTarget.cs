namespace EdgeCdn.Edge.Configuration;

/// <summary>What a behaviour sends requests to: one origin, or an origin group's members in failover order.</summary>
internal sealed class OriginTarget
{
    public required string Id { get; init; }

    public required OriginEndpoint[] Members { get; init; }

    /// <summary>Statuses that make the group try its next member (empty for a single origin).</summary>
    public required HashSet<int> FailoverStatusCodes { get; init; }

    public bool IsGroup => Members.Length > 1;
}
