using System.Diagnostics.CodeAnalysis;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// The cache store seam. Keys are built by <see cref="Core.Caching.CacheKeyBuilder"/> and start with the
/// distribution's prefix. Lookups take a span so the hit path need not allocate a key string. Entries carry their
/// metadata apart from their <see cref="CacheBody"/>, so a tier may keep bodies in memory or on disk.
/// Invalidation does not go through the store: entries carry the distribution's invalidation epoch and are
/// checked lazily on lookup (see Invalidation/InvalidationRegistry), so no invalidation scans the store.
/// </summary>
internal interface ICacheStore
{
    /// <summary>Largest body this store admits.</summary>
    long MaxObjectBytes { get; }

    /// <summary>The entry for <paramref name="key"/>, fresh or not.</summary>
    bool TryGet(ReadOnlySpan<char> key, [NotNullWhen(true)] out CacheEntry? entry);

    /// <summary>Adds or replaces the entry for its key; false when the store refuses it (too large).</summary>
    bool TrySet(CacheEntry entry);

    /// <summary>Removes exactly this entry (not a newer one stored under the same key since).</summary>
    bool Remove(CacheEntry entry);

    /// <summary>Removes every entry whose key starts with <paramref name="prefix"/> (a whole distribution), by
    /// scanning: for administrative purges, never on the request path.</summary>
    int RemoveByPrefix(string prefix);

    long Count { get; }

    long Bytes { get; }

    long CapacityBytes { get; }
}
