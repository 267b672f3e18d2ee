namespace EdgeCdn.Origin.Restore;

/// <summary>How long a RestoreObject takes per archive storage class (section Origin:Restore). S3 takes hours; the
/// defaults are minutes so that a restore can be watched working.</summary>
public sealed class RestoreOptions
{
    public TimeSpan GlacierDelay { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan DeepArchiveDelay { get; set; } = TimeSpan.FromMinutes(5);
}
