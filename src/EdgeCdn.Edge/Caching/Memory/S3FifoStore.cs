using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace EdgeCdn.Edge.Caching.Memory;

/// <summary>
/// S3-FIFO (Yang et al., "FIFO queues are all you need for cache eviction", SOSP 2023) over a byte budget.
/// New objects enter a small FIFO (about 10% of the bytes); a hit only bumps a 2-bit counter, nothing moves.
/// Evicting from small: an object hit while there moves to the main FIFO (counter reset), the others leave and
/// their key hash goes to the ghost queue. Evicting from main: an object with hits goes round again with its
/// counter decremented, the others leave. An insert whose key is in the ghost goes straight into main. Objects at
/// least as large as the small queue are refused (they would flush it whole; the disk tier takes them).
/// <para>
/// Lookups are lock-free and allocation-free (a concurrent dictionary read through a span, a counter write that
/// stops at 3); inserts, removals and evictions take one lock, off the hit path. Byte totals per queue change only
/// under that lock, so they are exact.
/// </para>
/// </summary>
internal sealed class S3FifoStore : IMemoryTier
{
    private const int MaxFrequency = 3;

    private readonly ConcurrentDictionary<string, EntryNode> _map = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EntryNode>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly NodeList _small = new(EvictionQueue.Small);
    private readonly NodeList _main = new(EvictionQueue.Main);
    private readonly GhostQueue _ghost = new();
    private readonly Lock _gate = new();
    private readonly CacheStatistics _statistics;
    private readonly Action<CacheEntry>? _evicted;
    private readonly long _maxBodyBytes;
    private long _smallBytes;
    private long _mainBytes;
    private int _count;

    /// <param name="capacityBytes">The byte budget.</param>
    /// <param name="maxObjectBytes">Largest body admitted (further limited by the small queue's size).</param>
    /// <param name="smallRatio">The small queue's share of the budget (the paper's 10%).</param>
    /// <param name="evicted">Called, outside the lock, with each entry the policy evicts.</param>
    public S3FifoStore(long capacityBytes, long maxObjectBytes, double smallRatio, CacheStatistics statistics, Action<CacheEntry>? evicted = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(smallRatio, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(smallRatio, 1);
        CapacityBytes = capacityBytes;
        SmallCapacityBytes = Math.Max(1, (long)(capacityBytes * smallRatio));
        _maxBodyBytes = maxObjectBytes;
        MaxObjectBytes = Math.Min(maxObjectBytes, SmallCapacityBytes - 1);
        _statistics = statistics;
        _evicted = evicted;
        _lookup = _map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public EvictionPolicy Policy => EvictionPolicy.S3Fifo;

    public long MaxObjectBytes { get; }

    public long CapacityBytes { get; }

    /// <summary>The small queue's target size; objects charged this much or more are refused.</summary>
    public long SmallCapacityBytes { get; }

    public long Bytes => Volatile.Read(ref _smallBytes) + Volatile.Read(ref _mainBytes);

    public long SmallBytes => Volatile.Read(ref _smallBytes);

    public long MainBytes => Volatile.Read(ref _mainBytes);

    public long Count => Volatile.Read(ref _count);

    public int GhostCount
    {
        get
        {
            lock (_gate)
            {
                return _ghost.Count;
            }
        }
    }

    public bool TryGet(ReadOnlySpan<char> key, [NotNullWhen(true)] out CacheEntry? entry)
    {
        if (_lookup.TryGetValue(key, out var node))
        {
            // Write only while below the cap, so hot objects stop dirtying their cache line.
            if (node.Frequency < MaxFrequency)
            {
                node.Frequency++;
            }

            entry = node.Entry;
            return true;
        }

        entry = null;
        return false;
    }

    /// <summary>Where the entry for <paramref name="key"/> is: "small", "main", or null (tests).</summary>
    public string? QueueOf(string key)
    {
        lock (_gate)
        {
            return _map.TryGetValue(key, out var node) ? node.List == _small ? "small" : "main" : null;
        }
    }

    public bool InGhost(string key)
    {
        var hash = KeyHash.Of(key);
        lock (_gate)
        {
            return _ghost.Contains(hash);
        }
    }

    public bool TrySet(CacheEntry entry)
    {
        if (entry.Body.Length > _maxBodyBytes)
        {
            _statistics.Rejected(CacheTier.Memory, RejectionReason.TooLarge);
            return false;
        }

        if (entry.Size >= SmallCapacityBytes)
        {
            _statistics.Rejected(CacheTier.Memory, RejectionReason.LargerThanSmallQueue);
            return false;
        }

        var node = new EntryNode(entry, KeyHash.Of(entry.Key));
        List<CacheEntry>? evicted = null;
        lock (_gate)
        {
            NodeList target;
            if (_map.TryGetValue(entry.Key, out var previous))
            {
                // A newer copy of the same object (refresh, re-fill) keeps its place in the policy.
                target = previous.List ?? _small;
                node.Frequency = previous.Frequency;
                Unlink(previous);
                previous.Entry.MarkDropped();
            }
            else if (_ghost.Remove(node.Hash))
            {
                target = _main;
                _statistics.GhostHit();
            }
            else
            {
                target = _small;
            }

            _map[entry.Key] = node;
            target.Append(node);
            _count++;
            _statistics.Admitted(CacheTier.Memory);
            EvictWhileOverBudget(ref evicted);
            Publish();
        }

        Notify(evicted);
        return true;
    }

    public bool Remove(CacheEntry entry)
    {
        lock (_gate)
        {
            if (!_map.TryGetValue(entry.Key, out var node) || node.Entry != entry)
            {
                return false;
            }

            Drop(node);
            Publish();
            return true;
        }
    }

    public int RemoveByPrefix(string prefix)
    {
        var removed = 0;
        lock (_gate)
        {
            foreach (var (key, node) in _map)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    Drop(node);
                    removed++;
                }
            }

            Publish();
        }

        return removed;
    }

    public IEnumerable<(EvictionQueue Queue, long Bytes, long Entries)> Queues()
    {
        lock (_gate)
        {
            return [(EvictionQueue.Small, _small.Bytes, _small.Count), (EvictionQueue.Main, _main.Bytes, _main.Count)];
        }
    }

    public void Dispose()
    {
    }

    private void Drop(EntryNode node)
    {
        Unlink(node);
        _map.TryRemove(new KeyValuePair<string, EntryNode>(node.Entry.Key, node));
        node.Entry.MarkDropped();
    }

    private void Unlink(EntryNode node)
    {
        if (node.List is { } list)
        {
            list.Unlink(node);
            _count--;
        }
    }

    private void Publish()
    {
        Volatile.Write(ref _smallBytes, _small.Bytes);
        Volatile.Write(ref _mainBytes, _main.Bytes);
    }

    private void EvictWhileOverBudget(ref List<CacheEntry>? evicted)
    {
        // Each main-queue object goes round at most MaxFrequency times before it is evicted; hits racing with
        // this loop could keep one alive longer, so the loop is bounded anyway.
        var rounds = (long)(_main.Count + _small.Count + 1) * (MaxFrequency + 2);
        while (_small.Bytes + _main.Bytes > CapacityBytes && rounds-- > 0)
        {
            if (_small.Count > 0 && (_small.Bytes >= SmallCapacityBytes || _main.Count == 0))
            {
                EvictFromSmall(ref evicted);
            }
            else
            {
                EvictFromMain(ref evicted, force: rounds <= 0);
            }
        }
    }

    private void EvictFromSmall(ref List<CacheEntry>? evicted)
    {
        var node = _small.PopHead()!;
        if (node.Frequency > 0)
        {
            node.Frequency = 0;
            _main.Append(node);
            _statistics.Promoted();
            return;
        }

        _count--;
        _ghost.Add(node.Hash, _main.Count);
        Evict(node, EvictionQueue.Small, ref evicted);
    }

    private void EvictFromMain(ref List<CacheEntry>? evicted, bool force)
    {
        var node = _main.PopHead()!;
        var frequency = node.Frequency;
        if (frequency > 0 && !force)
        {
            node.Frequency = Math.Min(frequency, MaxFrequency) - 1;
            _main.Append(node);
            _statistics.Reinserted();
            return;
        }

        _count--;
        Evict(node, EvictionQueue.Main, ref evicted);
    }

    private void Evict(EntryNode node, EvictionQueue queue, ref List<CacheEntry>? evicted)
    {
        _map.TryRemove(new KeyValuePair<string, EntryNode>(node.Entry.Key, node));
        node.Entry.MarkEvicted();
        _statistics.Evicted(queue);
        if (_evicted is not null)
        {
            (evicted ??= []).Add(node.Entry);
        }
    }

    private void Notify(List<CacheEntry>? evicted)
    {
        if (evicted is null)
        {
            return;
        }

        foreach (var entry in evicted)
        {
            _evicted!(entry);
        }
    }
}
