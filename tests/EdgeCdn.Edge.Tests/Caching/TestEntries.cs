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
        return Entry(path, body).WithSize(size);
    }

    /// <summary>An entry for <paramref name="path"/> with this body, headers and validators, 1 h TTL, charged its size.</summary>
    public static CacheEntry Entry(string path, byte[] body, int epoch = 0) =>
        new CacheEntry
        {
            Key = Key(path),
            Distribution = Site,
            Path = path,
            Meta = new ResponseMeta
            {
                StatusCode = 200,
                Headers = [new("Content-Type", "application/octet-stream"), new("ETag", "\"v1\""), new("X-Multi", new Microsoft.Extensions.Primitives.StringValues(["a", "b"]))],
                ETag = "\"v1\"",
                OriginETag = "\"v1\"",
                ContentType = "application/octet-stream",
                LastModified = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                LastModifiedText = "Thu, 01 Jan 2026 00:00:00 GMT",
            },
            Body = MemoryCacheBody.FromArray(body),
            ResponseTimeTicks = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero).UtcTicks,
            InitialAgeTicks = TimeSpan.FromSeconds(5).Ticks,
            Ttl = TimeSpan.FromHours(1),
            StaleWhileRevalidate = TimeSpan.FromSeconds(30),
            StaleIfError = TimeSpan.FromMinutes(5),
            Epoch = epoch,
        }.WithComputedSize();
}
