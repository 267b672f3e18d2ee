namespace EdgeCdn.TestCommon;

/// <summary>The real clock shifted by an adjustable offset: servers under test can be put minutes ahead of or behind
/// their clients (skew, expiry) while time still passes normally.</summary>
public sealed class OffsetTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
