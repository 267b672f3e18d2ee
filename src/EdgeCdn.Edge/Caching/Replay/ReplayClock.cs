namespace EdgeCdn.Edge.Caching.Replay;

/// <summary>Replay time: one tick per request, so recency orders (MemoryCache's last-access times) are exact and the
/// same on every run.</summary>
internal sealed class ReplayClock : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _ticks), TimeSpan.Zero);

    public void Tick() => Interlocked.Increment(ref _ticks);
}
