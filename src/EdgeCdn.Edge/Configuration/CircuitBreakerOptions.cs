namespace EdgeCdn.Edge.Configuration;

/// <summary>The per-origin circuit breaker: opens when the failure ratio over the sampling window is reached.</summary>
public sealed class CircuitBreakerOptions
{
    public bool Enabled { get; set; } = true;

    public double FailureRatio { get; set; } = 0.5;

    public int MinimumThroughput { get; set; } = 20;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
