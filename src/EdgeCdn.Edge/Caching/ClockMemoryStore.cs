using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// The memory tier for now: a concurrent dictionary (lock-free, allocation-free lookups by span) over a byte budget,
/// evicting in insertion order with a second chance for entries hit since they were queued (CLOCK, i.e. FIFO
/// reinsertion). Only inserts and evictions take a lock; hits set a bit. Issue 8 brings S3-FIFO behind the same
/// <see cref="ICacheStore"/> seam.
/// </summary>
internal sealed class ClockMemoryStore : ICacheStore
{
    private readonly ConcurrentDictionary<string, CacheEntry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CacheEntry>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Queue<CacheEntry> _clock = new();
    private readonly Lock _gate = new();
    private readonly long _capacity;
    private long _bytes;

    public ClockMemoryStore(CacheStoreOptions options)
    {
        _capacity = options.MemoryBytes;
        MaxObjectBytes = options.MaxObjectBytes;
        _lookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public long MaxObjectBytes { get; }

    public long Count => _entries.Count;

    public long Bytes => Interlocked.Read(ref _bytes);

    public long CapacityBytes => _capacity;

    public bool TryGet(ReadOnlySpan<char> key, [NotNullWhen(true)] out CacheEntry? entry)
    {
        if (_lookup.TryGetValue(key, out entry))
        {
            entry.Visited = true;
            return true;
        }

        return false;
    }

    public bool TrySet(CacheEntry entry)
    {
        if (entry.Body.Length > MaxObjectBytes || entry.Size > _capacity)
        {
            return false;
        }

        lock (_gate)
        {
            if (_entries.TryGetValue(entry.Key, out var previous))
            {
                Drop(previous);
            }

            _entries[entry.Key] = entry;
            _clock.Enqueue(entry);
            Interlocked.Add(ref _bytes, entry.Size);
            EvictWhileOverBudget();
            if (_clock.Count > (2 * _entries.Count) + 1024)
            {
                CompactQueue();
            }
        }

        return true;
    }

    public bool Remove(CacheEntry entry)
    {
        lock (_gate)
        {
            if (!entry.Removed && _entries.TryRemove(new KeyValuePair<string, CacheEntry>(entry.Key, entry)))
            {
                MarkRemoved(entry);
                return true;
            }
        }

        return false;
    }

    public int RemoveByPrefix(string prefix)
    {
        var removed = 0;
        lock (_gate)
        {
            foreach (var (key, entry) in _entries)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal) && _entries.TryRemove(new KeyValuePair<string, CacheEntry>(key, entry)))
                {
                    MarkRemoved(entry);
                    removed++;
                }
            }
        }

        return removed;
    }

    private void Drop(CacheEntry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<string, CacheEntry>(entry.Key, entry)))
        {
            MarkRemoved(entry);
        }
    }

    private void MarkRemoved(CacheEntry entry)
    {
        entry.Removed = true;
        Interlocked.Add(ref _bytes, -entry.Size);
    }

    /// <summary>Replaced entries stay queued until they reach the head; drop them all when they pile up, so their
    /// bodies are not kept alive.</summary>
    private void CompactQueue()
    {
        var live = _clock.Where(e => !e.Removed).ToArray();
        _clock.Clear();
        foreach (var entry in live)
        {
            _clock.Enqueue(entry);
        }
    }

    private void EvictWhileOverBudget()
    {
        // Each queued entry gets at most one second chance per pass, so this loop ends.
        var budget = _clock.Count * 2;
        while (Interlocked.Read(ref _bytes) > _capacity && _clock.Count > 0 && budget-- > 0)
        {
            var candidate = _clock.Dequeue();
            if (candidate.Removed)
            {
                continue;
            }

            if (candidate.Visited)
            {
                candidate.Visited = false;
                _clock.Enqueue(candidate);
                continue;
            }

            Drop(candidate);
        }

        // Removed entries still queued are dead weight; drop them from the head while there.
        while (_clock.Count > 0 && _clock.Peek().Removed)
        {
            _clock.Dequeue();
        }
    }
}
