namespace EdgeCdn.Edge.Caching.Memory;

/// <summary>
/// S3-FIFO's ghost: hashes of keys recently evicted from the small queue, oldest first, bounded by a count the
/// owner gives on each add (the main queue's entry count). Not thread-safe: the owner holds its lock.
/// </summary>
internal sealed class GhostQueue
{
    private const int MinimumCapacity = 64;

    private readonly Dictionary<ulong, long> _live = [];
    private readonly Queue<(ulong Hash, long Sequence)> _order = new();
    private long _sequence;

    public int Count => _live.Count;

    public void Add(ulong hash, int capacity)
    {
        capacity = Math.Max(capacity, MinimumCapacity);
        var sequence = ++_sequence;
        _live[hash] = sequence;
        _order.Enqueue((hash, sequence));
        while (_live.Count > capacity && _order.TryDequeue(out var oldest))
        {
            DropIfCurrent(oldest);
        }

        // Re-admitted keys leave stale queue slots behind; clear them out before they outnumber the live ones.
        if (_order.Count > (2 * capacity) + 1024)
        {
            var live = _order.Count;
            for (var i = 0; i < live; i++)
            {
                var item = _order.Dequeue();
                if (_live.TryGetValue(item.Hash, out var current) && current == item.Sequence)
                {
                    _order.Enqueue(item);
                }
            }
        }
    }

    /// <summary>True (and forgets the hash) when it is in the ghost.</summary>
    public bool Remove(ulong hash) => _live.Remove(hash);

    public bool Contains(ulong hash) => _live.ContainsKey(hash);

    private void DropIfCurrent((ulong Hash, long Sequence) item)
    {
        if (_live.TryGetValue(item.Hash, out var current) && current == item.Sequence)
        {
            _live.Remove(item.Hash);
        }
    }
}
