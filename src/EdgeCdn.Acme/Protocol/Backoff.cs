namespace EdgeCdn.Acme.Protocol;

/// <summary>Exponential backoff with full-range jitter (±50 %), so that many edges failing together do not retry together.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, Random random)
    {
        var exponent = Math.Min(attempt, 30);
        var baseTicks = Math.Min(initial.Ticks * Math.Pow(2, exponent), max.Ticks);
        var jittered = baseTicks * (0.5 + random.NextDouble());
        return TimeSpan.FromTicks((long)Math.Min(jittered, max.Ticks));
    }
}
