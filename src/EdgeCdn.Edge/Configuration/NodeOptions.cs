namespace EdgeCdn.Edge.Configuration;

/// <summary>Who this edge node is, as viewers and logs see it.</summary>
public sealed class NodeOptions
{
    /// <summary>The node's name in Via headers ("1.1 {Name} (edgecdn)").</summary>
    public string Name { get; set; } = "edgecdn";

    /// <summary>x-edge-location in access logs and the cdn-pop Server-Timing entry.</summary>
    public string Location { get; set; } = "LOCAL1";
}
