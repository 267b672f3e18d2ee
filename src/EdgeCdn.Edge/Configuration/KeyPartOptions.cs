namespace EdgeCdn.Edge.Configuration;

/// <summary>Query strings, headers or cookies of the cache key: behaviour none / all / allowList / allExcept.</summary>
public sealed class KeyPartOptions
{
    public string Behavior { get; set; } = "none";

    public List<string> Names { get; set; } = [];
}
