namespace EdgeCdn.Core.Signing;

/// <summary>What a server accepts as a valid signature scope and time.</summary>
public sealed class SignatureVerifierOptions
{
    /// <summary>The region requests must be signed for (S3's AuthorizationHeaderMalformed names it when wrong).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The service name in the credential scope.</summary>
    public string Service { get; set; } = "s3";

    /// <summary>How far a request's date may be from the server's clock (S3: 15 minutes).</summary>
    public TimeSpan AllowedClockSkew { get; set; } = TimeSpan.FromMinutes(15);
}
