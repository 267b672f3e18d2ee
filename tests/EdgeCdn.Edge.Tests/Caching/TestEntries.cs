using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Tests.Caching;

/// <summary>Cache entries for store tests: distribution "site", charged exactly the size asked for.</summary>
internal static class TestEntries
{
    public static readonly Distribution Site = new("site", ["*"], null, [], new CacheBehavior
    {
        Pattern = new Core.Routing.PathPattern("*"),
        Target = new OriginTarget { Id = "o", Members = [], FailoverStatusCodes = [] },
        Policy = CachePolicy.Compile("p", new CachePolicyOptions()),
        ViewerProtocolPolicy = ViewerProtocolPolicy.AllowAll,
        PassMethods = [],
        Compress = true,
        SpaFallback = false,
        SpaDocument = "/index.html",
    }, []);

    public static string Key(string path) => Site.KeyPrefix + path;

    /// <summary>An entry for <paramref name="path"/> charged <paramref name="size"/> bytes, with a body of
    /// <paramref name="bodyBytes"/> bytes (default: the size).</summary>
    public static CacheEntry Entry(string path, long size, int? bodyBytes = null, byte fill = 0)
    {
        var body = new byte[bodyBytes ?? (int)size];
        Array.Fill(body, fill);
        return new CacheEntry
        {
            Key = Key(path),
            Distribution = Site,
            Path = path,
            Meta = new ResponseMeta { StatusCode = 200, Headers = [new("Content-Type", "application/octet-stream")] },
            Body = MemoryCacheBody.FromArray(body),
            ResponseTimeTicks = 0,
            Ttl = TimeSpan.FromHours(1),
        }.WithSize(size);
    }
}
