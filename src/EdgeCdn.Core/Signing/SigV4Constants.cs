namespace EdgeCdn.Core.Signing;

/// <summary>Names and literal values of AWS Signature Version 4.</summary>
public static class SigV4Constants
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string ChunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD";
    public const string TrailerAlgorithm = "AWS4-HMAC-SHA256-TRAILER";
    public const string Terminator = "aws4_request";

    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string StreamingSignedPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public const string StreamingSignedPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public const string StreamingUnsignedPayloadTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    /// <summary>SHA-256 of the empty string, hex.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Longest lifetime of a presigned URL: seven days.</summary>
    public const int MaxPresignExpirySeconds = 604800;

    public const string AmzDate = "x-amz-date";
    public const string AmzContentSha256 = "x-amz-content-sha256";
    public const string AmzSecurityToken = "x-amz-security-token";
    public const string AmzDecodedContentLength = "x-amz-decoded-content-length";
    public const string AmzTrailer = "x-amz-trailer";
    public const string Authorization = "authorization";
    public const string Host = "host";

    public const string QueryAlgorithm = "X-Amz-Algorithm";
    public const string QueryCredential = "X-Amz-Credential";
    public const string QueryDate = "X-Amz-Date";
    public const string QueryExpires = "X-Amz-Expires";
    public const string QuerySignedHeaders = "X-Amz-SignedHeaders";
    public const string QuerySignature = "X-Amz-Signature";
    public const string QuerySecurityToken = "X-Amz-Security-Token";
}
