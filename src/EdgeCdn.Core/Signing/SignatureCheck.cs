namespace EdgeCdn.Core.Signing;

/// <summary>
/// The result of verifying a request: a value, never an exception. On failure it carries the S3 error code AWS
/// would send and a message that says what to fix; on a mismatch it also carries the canonical request and the
/// string to sign computed here, which S3 returns in SignatureDoesNotMatch so that users can compare.
/// </summary>
public readonly struct SignatureCheck
{
    public SignatureStatus Status { get; init; }

    public SignatureForm Form { get; init; }

    /// <summary>The credential that signed the request (set when the key is known).</summary>
    public AwsCredential? Credential { get; init; }

    /// <summary>The access key id the request named (also when it is unknown).</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>The S3 error code for a failure (AccessDenied, SignatureDoesNotMatch, ...); null when valid.</summary>
    public string? ErrorCode { get; init; }

    public string? Message { get; init; }

    public string? CanonicalRequest { get; init; }

    public string? StringToSign { get; init; }

    /// <summary>The request time the signature claims (for RequestTimeTooSkewed and policy conditions).</summary>
    public DateTimeOffset? RequestTime { get; init; }

    /// <summary>The x-amz-content-sha256 value that was signed (a hex SHA-256, UNSIGNED-PAYLOAD or STREAMING-*).</summary>
    public string? PayloadHash { get; init; }

    /// <summary>For aws-chunked bodies: what the chunk decoder needs to check every chunk signature.</summary>
    public ChunkSigningContext? Streaming { get; init; }

    public bool IsValid => Status == SignatureStatus.Valid;

    public bool IsAnonymous => Status == SignatureStatus.Missing;

    public override string ToString() => Status == SignatureStatus.Valid
        ? $"Valid ({Form}, {AccessKeyId})"
        : $"{Status} ({Form}): {ErrorCode}: {Message}";
}
