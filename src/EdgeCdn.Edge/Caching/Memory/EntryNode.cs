namespace EdgeCdn.Edge.Caching.Memory;

/// <summary>A stored entry in a memory tier's intrusive queue, with the per-object state its policy keeps.</summary>
internal sealed class EntryNode
{
    public EntryNode(CacheEntry entry, ulong hash)
    {
        Entry = entry;
        Hash = hash;
    }

    public CacheEntry Entry { get; }

    /// <summary><see cref="KeyHash"/> of the key, computed before the lock is taken.</summary>
    public ulong Hash { get; }

    public EntryNode? Previous { get; set; }

    public EntryNode? Next { get; set; }

    /// <summary>The list holding the node, null once unlinked.</summary>
    public NodeList? List { get; set; }

    /// <summary>S3-FIFO's access counter (0..3). Bumped by hits without a lock: a lost increment under a race
    /// costs at most one round in the main queue, as in the paper.</summary>
    public int Frequency;
}
