using System.Diagnostics.CodeAnalysis;
using EdgeCdn.Edge.Caching.Disk;
using EdgeCdn.Edge.Caching.Memory;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// The cache store seam: a memory tier (<see cref="IMemoryTier"/>, one of three eviction policies) and an optional
/// disk tier behind it. Keys are built by <see cref="Core.Caching.CacheKeyBuilder"/> and start with the
/// distribution's prefix. The hit path looks up the memory tier by span, without allocating; the slow path also
/// asks the disk tier (<see cref="FindAsync"/>). Invalidation does not go through the store: entries carry the
/// distribution's invalidation epoch and are checked lazily on lookup (see Invalidation/InvalidationRegistry), so
/// no invalidation scans the store.
/// </summary>
internal interface ICacheStore
{
    /// <summary>Largest body the store keeps at all (the disk tier's cap when there is one).</summary>
    long MaxObjectBytes { get; }

    /// <summary>Largest body the memory tier keeps; a fill above it spools to disk (or passes through).</summary>
    long MemoryMaxObjectBytes { get; }

    /// <summary>The memory tier's entry for <paramref name="key"/>, fresh or not (the hit path).</summary>
    bool TryGet(ReadOnlySpan<char> key, [NotNullWhen(true)] out CacheEntry? entry);

    /// <summary>The entry for <paramref name="key"/> in memory, else on disk (promoted to memory when it fits);
    /// null on a miss. A disk entry that cannot be read is a logged miss.</summary>
    ValueTask<CacheEntry?> FindAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores the entry (replacing any for its key); false when no tier takes it.</summary>
    bool TrySet(CacheEntry entry);

    /// <summary>Removes exactly this entry (not a newer one stored under the same key since), from every tier.</summary>
    bool Remove(CacheEntry entry);

    /// <summary>Removes every entry whose key starts with <paramref name="prefix"/> (a whole distribution), by
    /// scanning: for administrative purges, never on the request path.</summary>
    int RemoveByPrefix(string prefix);

    /// <summary>Entries in the memory tier.</summary>
    long Count { get; }

    /// <summary>Bytes charged to the memory tier.</summary>
    long Bytes { get; }

    /// <summary>The memory tier's byte budget.</summary>
    long CapacityBytes { get; }

    CacheStatistics Statistics { get; }

    IMemoryTier Memory { get; }

    /// <summary>The disk tier, when Edge:Cache:Disk:Path is set.</summary>
    DiskTier? Disk { get; }

    /// <summary>A disk file for a fill whose body is too large for memory; null without a disk tier or without room.</summary>
    DiskSpool? CreateSpool(DiskEntryHeader header, long? expectedLength);
}
