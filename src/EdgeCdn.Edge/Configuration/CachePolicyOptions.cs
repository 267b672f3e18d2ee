namespace EdgeCdn.Edge.Configuration;

/// <summary>A cache policy (CloudFront's): TTL bounds and what goes into the cache key (and to the origin).</summary>
public sealed class CachePolicyOptions
{
    public TimeSpan MinTtl { get; set; } = TimeSpan.Zero;

    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromDays(365);

    public KeyPartOptions QueryStrings { get; set; } = new();

    public KeyPartOptions Headers { get; set; } = new();

    public KeyPartOptions Cookies { get; set; } = new();

    /// <summary>Normalised Accept-Encoding (gzip) in the key and to the origin.</summary>
    public bool EnableAcceptEncodingGzip { get; set; } = true;

    /// <summary>Normalised Accept-Encoding (br) in the key and to the origin.</summary>
    public bool EnableAcceptEncodingBrotli { get; set; } = true;
}
