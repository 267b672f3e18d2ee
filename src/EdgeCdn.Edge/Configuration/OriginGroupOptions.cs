namespace EdgeCdn.Edge.Configuration;

/// <summary>An origin group: the primary, then the next member when the primary fails (GET/HEAD).</summary>
public sealed class OriginGroupOptions
{
    public string Id { get; set; } = string.Empty;

    /// <summary>Origin ids in failover order (primary first).</summary>
    public List<string> Members { get; set; } = [];

    /// <summary>Status codes from a member that make the edge try the next one; connection failures and timeouts
    /// always do.</summary>
    public List<int> FailoverStatusCodes { get; set; } = [500, 502, 503, 504];
}
