namespace EdgeCdn.Cli.Bench;

/// <summary>The outcome of a run: the options, the measured window, and each target's results.</summary>
internal sealed record BenchResult(BenchOptions Options, DateTimeOffset StartedAt, TimeSpan Measured, IReadOnlyList<TargetResult> Targets);
