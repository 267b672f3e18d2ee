namespace EdgeCdn.Origin.Lifecycle;

/// <summary>The lifecycle worker (section Origin:Lifecycle).</summary>
public sealed class LifecycleOptions
{
    /// <summary>Run the worker at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two passes over every bucket's lifecycle rules (S3 works through them about daily).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);
}
