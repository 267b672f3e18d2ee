namespace EdgeCdn.Edge.Caching.Disk;

/// <summary>One file of the disk tier, as its in-memory index knows it.</summary>
internal sealed class DiskRecord
{
    /// <summary>False once the record left the index (evicted, replaced, removed).</summary>
    public bool Live { get; set; }
}
