namespace EdgeCdn.Core.Signing;

/// <summary>Why an aws-chunked body was refused; each maps to the S3 error AWS sends.</summary>
public enum ChunkedPayloadError
{
    /// <summary>Chunk framing is broken (bad size line, missing CRLF, oversized line): S3 IncompleteBody / InvalidRequest.</summary>
    Malformed,

    /// <summary>The body ended before its final chunk or before x-amz-decoded-content-length bytes.</summary>
    IncompleteBody,

    /// <summary>A chunk or trailer signature does not match: SignatureDoesNotMatch.</summary>
    SignatureMismatch,

    /// <summary>The trailer checksum differs from the data: BadDigest.</summary>
    ChecksumMismatch,

    /// <summary>The declared x-amz-decoded-content-length differs from the data.</summary>
    LengthMismatch,
}
