using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Caching.Replay;

namespace EdgeCdn.Benchmarks.Caching;

/// <summary>Entries for the lookup benchmarks: the replay's (one distribution, a 1 KiB memory body's charge).</summary>
internal static class ReplayEntriesAccess
{
    public static CacheEntry Create(string key, int bytes)
    {
        var entry = ReplayEntries.Create(key, bytes);
        return new CacheEntry
        {
            Key = entry.Key,
            Distribution = entry.Distribution,
            Path = entry.Path,
            Meta = entry.Meta,
            Body = MemoryCacheBody.FromArray(new byte[bytes]),
            ResponseTimeTicks = DateTimeOffset.UtcNow.UtcTicks,
            Ttl = TimeSpan.FromDays(1),
        }.WithComputedSize();
    }
}
