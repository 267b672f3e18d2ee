namespace EdgeCdn.Core.Caching;

/// <summary>A cache policy's TTL bounds, as CloudFront's MinTTL / DefaultTTL / MaxTTL.</summary>
public readonly record struct TtlSettings(TimeSpan Min, TimeSpan Default, TimeSpan Max)
{
    /// <summary>CloudFront's defaults: 0 s, 1 day, 1 year.</summary>
    public static TtlSettings CloudFrontDefaults { get; } =
        new(TimeSpan.Zero, TimeSpan.FromSeconds(86400), TimeSpan.FromSeconds(31536000));
}
