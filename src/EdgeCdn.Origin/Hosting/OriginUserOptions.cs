namespace EdgeCdn.Origin.Hosting;

/// <summary>
/// A user of the origin and its access key pair. Kind "user" (the default) is a person or program that owns the
/// buckets it creates; kind "service" is a service identity that owns nothing and reaches buckets only through bucket
/// policies: it signs as the service principal <see cref="Service"/> acting for <see cref="SourceArn"/> (what an edge
/// of a CloudFront-style distribution uses for origin access control).
/// </summary>
public sealed class OriginUserOptions
{
    public const string UserKind = "user";
    public const string ServiceKind = "service";

    public string Name { get; set; } = string.Empty;

    public string AccessKey { get; set; } = string.Empty;

    public string SecretKey { get; set; } = string.Empty;

    /// <summary>"user" or "service".</summary>
    public string Kind { get; set; } = UserKind;

    /// <summary>Service identities: the service principal policies name ({"Service": "..."}).</summary>
    public string Service { get; set; } = Core.S3.OriginAccessControl.CloudFrontServicePrincipal;

    /// <summary>Service identities: the ARN they act for (aws:SourceArn), e.g. arn:aws:cloudfront::000000000000:distribution/site.</summary>
    public string? SourceArn { get; set; }

    /// <summary>Service identities, shorthand for <see cref="SourceArn"/>: the CloudFront distribution id, made into
    /// arn:aws:cloudfront::&lt;Origin:AccountId&gt;:distribution/&lt;id&gt;.</summary>
    public string? DistributionId { get; set; }

    // The secret must never reach a log through ToString.
    public override string ToString() => $"{Name} ({AccessKey})";
}
