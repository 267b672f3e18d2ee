namespace EdgeCdn.Edge.Caching.Replay;

/// <summary>One request of a cache trace: when, which object, how many bytes.</summary>
public readonly record struct TraceRequest(long Timestamp, ulong ObjectId, long Size);
