using System.Diagnostics.CodeAnalysis;
using EdgeCdn.Edge.Caching.Disk;
using EdgeCdn.Edge.Caching.Memory;
using EdgeCdn.Edge.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// The store the edge serves from: a memory tier chosen by Edge:Cache:Policy and, when Edge:Cache:Disk:Path is set,
/// a persistent disk tier behind it.
/// <list type="bullet">
/// <item>Every response stored in memory is also queued to be written to disk (write-behind), so a restart — even
/// after kill -9 — finds it again; a newer copy of a key drops the older file at once so it is never served.</item>
/// <item>An entry the memory tier evicts, or refuses (S3-FIFO: at least as large as the small queue), is written to
/// disk if it is not there yet.</item>
/// <item>A response larger than the memory cap is spooled to disk by its fill and served from the file.</item>
/// <item>A memory miss looks on disk; a small object found there is promoted into the memory tier.</item>
/// </list>
/// </summary>
internal sealed class TieredCacheStore : ICacheStore, IDisposable
{
    public TieredCacheStore(CacheStoreOptions options, TimeProvider time, ILoggerFactory? loggers = null, bool synchronousDiskWrites = false)
    {
        Statistics = new CacheStatistics();
        var evicted = options.Disk.Enabled ? OnMemoryEvicted : (Action<CacheEntry>?)null;
        Memory = MemoryTiers.Create(options.EvictionPolicy, options.MemoryBytes, options.MaxObjectBytes, options.SmallQueuePercent / 100.0, time,
            Statistics, evicted);
        if (options.Disk.Enabled)
        {
            Disk = new DiskTier(options.Disk, Memory.MaxObjectBytes, Statistics,
                (loggers ?? NullLoggerFactory.Instance).CreateLogger<DiskTier>(), synchronousDiskWrites);
        }
    }

    public CacheStatistics Statistics { get; }

    public IMemoryTier Memory { get; }

    public DiskTier? Disk { get; }

    public long MaxObjectBytes => Disk is { } disk ? Math.Max(disk.MaxObjectBytes, Memory.MaxObjectBytes) : Memory.MaxObjectBytes;

    public long MemoryMaxObjectBytes => Memory.MaxObjectBytes;

    public long Count => Memory.Count;

    public long Bytes => Memory.Bytes;

    public long CapacityBytes => Memory.CapacityBytes;

    public bool TryGet(ReadOnlySpan<char> key, [NotNullWhen(true)] out CacheEntry? entry)
    {
        if (Memory.TryGet(key, out entry))
        {
            Statistics.MemoryHits.Increment();
            return true;
        }

        return false;
    }

    public ValueTask<CacheEntry?> FindAsync(string key, CancellationToken cancellationToken)
    {
        if (TryGet(key, out var entry))
        {
            return ValueTask.FromResult<CacheEntry?>(entry);
        }

        Statistics.MemoryMisses.Increment();
        return Disk is null ? ValueTask.FromResult<CacheEntry?>(null) : FindOnDiskAsync(key, cancellationToken);
    }

    public bool TrySet(CacheEntry entry)
    {
        if (entry.IsPassMarker || Disk is not { } disk)
        {
            return StoreInMemory(entry);
        }

        if (entry.Body is DiskCacheBody body)
        {
            // A newer copy than any in memory (the hit path must not keep serving that one).
            DropOlderInMemory(entry);

            // A spooled fill, or a revalidated large object whose body stays in its file.
            if (!body.Record.Indexed)
            {
                return disk.Commit(entry, body);
            }

            // Evicted meanwhile: the file may be gone, so the refreshed entry is not kept.
            return body.Record.Live && disk.Refresh(entry, body);
        }

        // The disk may hold an older copy of this key; it must not outlive the newer one in memory.
        if (entry.Persisted is not { Live: true })
        {
            disk.RemoveKey(entry.Key);
        }

        var inMemory = StoreInMemory(entry);
        var queued = entry.Persisted is { Live: true } || disk.EnqueueWrite(entry);
        return inMemory || queued;
    }

    /// <summary>Stores in the memory tier; when the tier refuses a newer copy, the older one it holds goes too.</summary>
    private bool StoreInMemory(CacheEntry entry)
    {
        if (Memory.TrySet(entry))
        {
            return true;
        }

        DropOlderInMemory(entry);
        return false;
    }

    private void DropOlderInMemory(CacheEntry entry)
    {
        if (Memory.TryGet(entry.Key, out var older) && older != entry)
        {
            Memory.Remove(older);
        }
    }

    public bool Remove(CacheEntry entry)
    {
        var removed = Memory.Remove(entry);
        if (Disk is { } disk)
        {
            entry.MarkDropped();
            removed |= disk.Remove(entry);
        }

        return removed;
    }

    public int RemoveByPrefix(string prefix) => Memory.RemoveByPrefix(prefix) + (Disk?.RemoveByPrefix(prefix) ?? 0);

    public DiskSpool? CreateSpool(DiskEntryHeader header, long? expectedLength) => Disk?.CreateSpool(header, expectedLength);

    public void Dispose()
    {
        Memory.Dispose();
        Disk?.Dispose();
    }

    private async ValueTask<CacheEntry?> FindOnDiskAsync(string key, CancellationToken cancellationToken)
    {
        var entry = await Disk!.FindAsync(key, cancellationToken);
        if (entry is null)
        {
            Statistics.DiskMisses.Increment();
            return null;
        }

        Statistics.DiskHits.Increment();
        if (!entry.Body.IsOnDisk)
        {
            // Read whole from its file: back into memory (S3-FIFO admits it to main if its key is in the ghost).
            Memory.TrySet(entry);
        }

        return entry;
    }

    private void OnMemoryEvicted(CacheEntry entry)
    {
        if (entry.Persisted is not { Live: true } && !entry.IsDropped)
        {
            Disk!.EnqueueWrite(entry);
        }
    }
}
