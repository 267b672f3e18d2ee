using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;

namespace EdgeCdn.Edge.Caching.Memory;

/// <summary>
/// The .NET baseline: Microsoft.Extensions.Caching.Memory's MemoryCache with SizeLimit = the byte budget and each
/// entry's Size = its charged bytes. Its behaviour, kept as is so anyone can compare: an insert that would exceed
/// the limit is dropped and starts a background compaction, which sorts every entry by priority then last access
/// and removes the oldest until the size is CompactionPercentage (5%) under the limit — LRU, in batches.
/// Lookups go through its own span lookup; it keeps per-thread hit statistics (TrackStatistics) for the size
/// gauge.
/// </summary>
internal sealed class MemoryCacheStore : IMemoryTier
{
    private const double CompactionPercentage = 0.05;

    private readonly MemoryCache _cache;
    private readonly CacheStatistics _statistics;
    private readonly Action<CacheEntry>? _evicted;
    private readonly PostEvictionDelegate _callback;
    private readonly long _lowWatermark;
    private bool _compactionFlagReadable = true;

    public MemoryCacheStore(long capacityBytes, long maxObjectBytes, TimeProvider time, CacheStatistics statistics, Action<CacheEntry>? evicted = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        CapacityBytes = capacityBytes;
        MaxObjectBytes = Math.Min(maxObjectBytes, capacityBytes);
        _statistics = statistics;
        _evicted = evicted;
        _lowWatermark = capacityBytes - (long)(capacityBytes * CompactionPercentage);
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = capacityBytes,
            CompactionPercentage = CompactionPercentage,
            TrackStatistics = true,
            Clock = new TimeProviderClock(time),
        });
        _callback = OnEvicted;
    }

    public EvictionPolicy Policy => EvictionPolicy.MemoryCache;

    public long MaxObjectBytes { get; }

    public long CapacityBytes { get; }

    public long Bytes => _cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    public long Count => _cache.Count;

    public bool TryGet(ReadOnlySpan<char> key, [NotNullWhen(true)] out CacheEntry? entry)
    {
        if (_cache.TryGetValue(key, out object? value) && value is CacheEntry found)
        {
            entry = found;
            return true;
        }

        entry = null;
        return false;
    }

    public bool TrySet(CacheEntry entry)
    {
        if (entry.Body.Length > MaxObjectBytes || entry.Size > CapacityBytes)
        {
            _statistics.Rejected(CacheTier.Memory, RejectionReason.TooLarge);
            return false;
        }

        var admission = new Admission();
        using (var cacheEntry = _cache.CreateEntry(entry.Key))
        {
            cacheEntry.Value = entry;
            cacheEntry.Size = entry.Size;
            cacheEntry.PostEvictionCallbacks.Add(new PostEvictionCallbackRegistration { EvictionCallback = _callback, State = admission });
        }

        // MemoryCache does not say whether it took the entry; a compaction never removes the newest entry first,
        // so looking it up right away tells.
        if (_cache.TryGetValue(entry.Key, out object? stored) && ReferenceEquals(stored, entry))
        {
            Volatile.Write(ref admission.Admitted, 1);
            _statistics.Admitted(CacheTier.Memory);
            return true;
        }

        _statistics.Rejected(CacheTier.Memory, RejectionReason.OverCapacity);
        return false;
    }

    public bool Remove(CacheEntry entry)
    {
        // MemoryCache has no conditional remove: a newer entry stored between these two calls would go too.
        if (_cache.TryGetValue(entry.Key, out object? stored) && ReferenceEquals(stored, entry))
        {
            _cache.Remove(entry.Key);
            entry.MarkDropped();
            return true;
        }

        return false;
    }

    public int RemoveByPrefix(string prefix)
    {
        var removed = 0;
        foreach (var key in _cache.Keys.ToList())
        {
            if (key is string text && text.StartsWith(prefix, StringComparison.Ordinal) && _cache.TryGetValue(text, out object? value))
            {
                _cache.Remove(text);
                (value as CacheEntry)?.MarkDropped();
                removed++;
            }
        }

        return removed;
    }

    public IEnumerable<(EvictionQueue Queue, long Bytes, long Entries)> Queues() => [(EvictionQueue.MemoryCache, Bytes, Count)];

    /// <summary>Trace replay: after a dropped insert, waits for the compaction it started, as if requests came slowly
    /// enough for compactions to finish between them (the kindest reading of MemoryCache's behaviour; a replay at
    /// full speed would otherwise drop every insert made during a compaction). It waits for MemoryCache's own
    /// "compaction running" flag, so the next dropped insert always starts the next compaction and a replay gives
    /// the same result every time; if a future MemoryCache renames the flag, it waits for the size instead.</summary>
    public void WaitForCompaction(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var spin = new SpinWait();
        while (Environment.TickCount64 < deadline && (_compactionFlagReadable ? CompactionRunning() : Bytes > _lowWatermark))
        {
            spin.SpinOnce();
        }
    }

    private bool CompactionRunning()
    {
        try
        {
            return Volatile.Read(ref CompactionFlag(_cache)) != 0;
        }
        catch (MissingFieldException)
        {
            _compactionFlagReadable = false;
            return Bytes > _lowWatermark;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "lockFlag")]
    private static extern ref int CompactionFlag(MemoryCache cache);

    public void Dispose() => _cache.Dispose();

    private void OnEvicted(object key, object? value, EvictionReason reason, object? state)
    {
        if (value is not CacheEntry entry || state is not Admission admission)
        {
            return;
        }

        switch (reason)
        {
            case EvictionReason.Capacity or EvictionReason.Expired or EvictionReason.TokenExpired:
                // A Capacity callback also comes for an insert MemoryCache dropped: that one was never stored.
                if (Volatile.Read(ref admission.Admitted) == 1)
                {
                    entry.MarkEvicted();
                    _statistics.Evicted(EvictionQueue.MemoryCache);
                    _evicted?.Invoke(entry);
                }

                break;
            case EvictionReason.Replaced or EvictionReason.Removed:
                entry.MarkDropped();
                break;
        }
    }

    private sealed class Admission
    {
        public int Admitted;
    }

    private sealed class TimeProviderClock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
