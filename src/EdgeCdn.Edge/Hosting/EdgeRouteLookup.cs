using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Hosting;

/// <summary>
/// Resolves a host and path to the distribution and cache behaviour, as the edge does. The seam for the TLS front
/// (issue 5): certificate names come from <see cref="Distributions"/>, and its viewer-protocol-policy middleware
/// asks <see cref="Find"/> before the edge handles a request.
/// </summary>
public sealed class EdgeRouteLookup
{
    private readonly EdgeModel _model;

    internal EdgeRouteLookup(EdgeModel model)
    {
        _model = model;
    }

    /// <summary>Every distribution id with its alternate domain names.</summary>
    public IReadOnlyList<(string Id, IReadOnlyList<string> Aliases)> Distributions =>
        [.. _model.Distributions.Select(d => (d.Id, d.Aliases))];

    public EdgeRoute? Find(string host, string path)
    {
        var distribution = _model.Resolver.Find(host);
        if (distribution is null)
        {
            return null;
        }

        var lookupPath = path == "/" && distribution.DefaultRootPath is { } root ? root : path;
        var behavior = distribution.MatchBehavior(lookupPath);
        return new EdgeRoute(distribution.Id, distribution.Aliases, behavior.Pattern.Text, behavior.ViewerProtocolPolicy);
    }
}
