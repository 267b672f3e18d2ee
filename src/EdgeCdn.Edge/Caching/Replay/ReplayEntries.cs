using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Caching.Replay;

/// <summary>The cache entries a replay stores: one distribution, shared headers, a body that is only a size.</summary>
internal static class ReplayEntries
{
    public static readonly Distribution Distribution = new("replay", ["*"], null, [], new CacheBehavior
    {
        Pattern = new Core.Routing.PathPattern("*"),
        Target = new OriginTarget { Id = "replay", Members = [], FailoverStatusCodes = [] },
        Policy = CachePolicy.Compile("replay", new CachePolicyOptions()),
        ViewerProtocolPolicy = ViewerProtocolPolicy.AllowAll,
        PassMethods = [],
        Compress = false,
        SpaFallback = false,
        SpaDocument = "/index.html",
    }, []);

    private static readonly ResponseMeta Meta = new() { StatusCode = 200, Headers = [new("Content-Type", "application/octet-stream")] };

    public static CacheEntry Create(string key, long size) => new CacheEntry
    {
        Key = key,
        Distribution = Distribution,
        Path = key,
        Meta = Meta,
        Body = new ReplayBody(size),
        ResponseTimeTicks = 0,
        Ttl = TimeSpan.FromDays(365),
    }.WithSize(size);
}
