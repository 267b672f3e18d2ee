using System.Diagnostics.CodeAnalysis;

namespace EdgeCdn.Edge.Caching.Memory;

/// <summary>
/// A memory tier: entries whose bodies are in memory, over a byte budget, with its own eviction policy
/// (<see cref="S3FifoStore"/>, <see cref="LruStore"/>, <see cref="MemoryCacheStore"/>). Entries it evicts are
/// handed to the eviction callback given at construction (the tiered store sends them to disk).
/// </summary>
internal interface IMemoryTier : IDisposable
{
    EvictionPolicy Policy { get; }

    /// <summary>Largest body this tier admits (bodies above it go to disk, or through uncached).</summary>
    long MaxObjectBytes { get; }

    long CapacityBytes { get; }

    /// <summary>Bytes charged to the tier (bodies plus headers and bookkeeping).</summary>
    long Bytes { get; }

    long Count { get; }

    /// <summary>Lookup by span: no allocation, no global lock for the policies that promise it.</summary>
    bool TryGet(ReadOnlySpan<char> key, [NotNullWhen(true)] out CacheEntry? entry);

    /// <summary>Adds or replaces the entry for its key; false (counted as a rejection) when the tier refuses it.</summary>
    bool TrySet(CacheEntry entry);

    /// <summary>Removes exactly this entry (not a newer one stored under the same key since).</summary>
    bool Remove(CacheEntry entry);

    int RemoveByPrefix(string prefix);

    /// <summary>Bytes and entries per queue, for the metrics endpoint.</summary>
    IEnumerable<(EvictionQueue Queue, long Bytes, long Entries)> Queues();
}
