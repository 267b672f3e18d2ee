using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace EdgeCdn.Edge.Caching.Memory;

/// <summary>
/// Least recently used over a byte budget, exactly: every hit moves its entry to the most-recent end of one list
/// under one lock. The classic baseline S3-FIFO is measured against; that lock on every hit is what S3-FIFO's
/// lock-free hits avoid.
/// </summary>
internal sealed class LruStore : IMemoryTier
{
    private readonly ConcurrentDictionary<string, EntryNode> _map = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EntryNode>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly NodeList _list = new(EvictionQueue.Lru);
    private readonly Lock _gate = new();
    private readonly CacheStatistics _statistics;
    private readonly Action<CacheEntry>? _evicted;
    private long _bytes;
    private int _count;

    public LruStore(long capacityBytes, long maxObjectBytes, CacheStatistics statistics, Action<CacheEntry>? evicted = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        CapacityBytes = capacityBytes;
        MaxObjectBytes = Math.Min(maxObjectBytes, capacityBytes);
        _statistics = statistics;
        _evicted = evicted;
        _lookup = _map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public EvictionPolicy Policy => EvictionPolicy.Lru;

    public long MaxObjectBytes { get; }

    public long CapacityBytes { get; }

    public long Bytes => Volatile.Read(ref _bytes);

    public long Count => Volatile.Read(ref _count);

    public bool TryGet(ReadOnlySpan<char> key, [NotNullWhen(true)] out CacheEntry? entry)
    {
        if (_lookup.TryGetValue(key, out var node))
        {
            lock (_gate)
            {
                if (node.List is not null && _list.Tail != node)
                {
                    _list.Unlink(node);
                    _list.Append(node);
                }
            }

            entry = node.Entry;
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

        var node = new EntryNode(entry, 0);
        List<CacheEntry>? evicted = null;
        lock (_gate)
        {
            if (_map.TryGetValue(entry.Key, out var previous))
            {
                Unlink(previous);
                previous.Entry.MarkDropped();
            }

            _map[entry.Key] = node;
            _list.Append(node);
            _count++;
            _statistics.Admitted(CacheTier.Memory);
            while (_list.Bytes > CapacityBytes && _list.PopHead() is { } oldest)
            {
                _count--;
                _map.TryRemove(new KeyValuePair<string, EntryNode>(oldest.Entry.Key, oldest));
                oldest.Entry.MarkEvicted();
                _statistics.Evicted(EvictionQueue.Lru);
                if (_evicted is not null)
                {
                    (evicted ??= []).Add(oldest.Entry);
                }
            }

            Volatile.Write(ref _bytes, _list.Bytes);
        }

        if (evicted is not null)
        {
            foreach (var e in evicted)
            {
                _evicted!(e);
            }
        }

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
            Volatile.Write(ref _bytes, _list.Bytes);
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

            Volatile.Write(ref _bytes, _list.Bytes);
        }

        return removed;
    }

    public IEnumerable<(EvictionQueue Queue, long Bytes, long Entries)> Queues()
    {
        lock (_gate)
        {
            return [(EvictionQueue.Lru, _list.Bytes, _list.Count)];
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
        if (node.List is not null)
        {
            _list.Unlink(node);
            _count--;
        }
    }
}
