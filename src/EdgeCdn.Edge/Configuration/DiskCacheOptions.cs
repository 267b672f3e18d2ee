namespace EdgeCdn.Edge.Configuration;

/// <summary>
/// The disk tier (section Edge:Cache:Disk). Off unless <see cref="Path"/> is set. It keeps every object the memory
/// tier stores (written behind, off the request path), objects evicted from memory, and objects too large for
/// memory; it survives restarts, and evicts by CLOCK (FIFO with a second chance for objects hit on disk).
/// </summary>
public sealed class DiskCacheOptions
{
    /// <summary>Directory of the disk tier (created if missing); empty turns the disk tier off.</summary>
    public string? Path { get; set; }

    /// <summary>The disk tier's byte budget (whole files: headers, bodies, trailers).</summary>
    public long MaxBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>Largest body cached on disk; larger objects stream through uncached.</summary>
    public long MaxObjectBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Entries waiting to be written behind; when full, further writes are skipped (and counted).</summary>
    public int WriteQueueLength { get; set; } = 4096;

    /// <summary>fsync each file (and the invalidation journal) before it counts as stored: survives power loss,
    /// not only a killed process, at the cost of a sync per write.</summary>
    public bool Fsync { get; set; }

    internal bool Enabled => !string.IsNullOrWhiteSpace(Path);
}
