namespace EdgeCdn.Edge.Caching.Replay;

/// <summary>What a replay measured. Hit ratios count memory and disk hits; the second half leaves out warm-up.</summary>
public sealed class ReplayResult
{
    public required ReplayOptions Options { get; init; }

    public long Requests { get; init; }

    public long RequestedBytes { get; init; }

    public long MemoryHits { get; init; }

    public long MemoryHitBytes { get; init; }

    public long DiskHits { get; init; }

    public long DiskHitBytes { get; init; }

    public long SecondHalfRequests { get; init; }

    public long SecondHalfRequestedBytes { get; init; }

    public long SecondHalfHits { get; init; }

    public long SecondHalfHitBytes { get; init; }

    /// <summary>Objects evicted from the memory tier by its policy.</summary>
    public long MemoryEvictions { get; init; }

    public long DiskEvictions { get; init; }

    /// <summary>Misses the memory tier refused to store (too large, or MemoryCache over capacity).</summary>
    public long MemoryRejections { get; init; }

    public TimeSpan Elapsed { get; init; }

    public double ObjectHitRatio => Ratio(MemoryHits + DiskHits, Requests);

    public double ByteHitRatio => Ratio(MemoryHitBytes + DiskHitBytes, RequestedBytes);

    public double SecondHalfObjectHitRatio => Ratio(SecondHalfHits, SecondHalfRequests);

    public double SecondHalfByteHitRatio => Ratio(SecondHalfHitBytes, SecondHalfRequestedBytes);

    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Requests / Elapsed.TotalSeconds : 0;

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : (double)part / whole;
}
