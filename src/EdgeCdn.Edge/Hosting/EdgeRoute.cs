using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Hosting;

/// <summary>Which distribution and behaviour a request falls under: what a front (TLS, viewer protocol policy)
/// needs to know before the cache sees the request.</summary>
public sealed record EdgeRoute(string DistributionId, IReadOnlyList<string> Aliases, string PathPattern, ViewerProtocolPolicy ViewerProtocolPolicy);
