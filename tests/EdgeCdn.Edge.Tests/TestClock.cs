using EdgeCdn.TestCommon;

namespace EdgeCdn.Edge.Tests;

internal static class TestClock
{
    /// <summary>A manual clock starting at the real current second: Kestrel stamps real Date headers on origin
    /// responses, and Expires − Date must agree with the clock the edge uses.</summary>
    public static ManualTimeProvider Create()
    {
        var now = DateTimeOffset.UtcNow;
        return new ManualTimeProvider(new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
    }

    public static void AdvanceSeconds(this ManualTimeProvider clock, double seconds) => clock.Advance(TimeSpan.FromSeconds(seconds));
}
