namespace EdgeCdn.Core.Signing;

/// <summary>
/// Thrown by <see cref="AwsChunkedStream"/> when the body fails a check. A stream read can only fail by throwing;
/// whoever consumes the stream must discard everything read so far (the origin writes to a temporary file and
/// commits only after the whole body checked out).
/// </summary>
public sealed class ChunkedPayloadException : IOException
{
    public ChunkedPayloadException(ChunkedPayloadError error, string message)
        : base(message)
    {
        Error = error;
    }

    public ChunkedPayloadException()
    {
    }

    public ChunkedPayloadException(string message)
        : base(message)
    {
    }

    public ChunkedPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ChunkedPayloadError Error { get; }

    /// <summary>The S3 error code for this failure.</summary>
    public string S3ErrorCode => Error switch
    {
        ChunkedPayloadError.SignatureMismatch => "SignatureDoesNotMatch",
        ChunkedPayloadError.ChecksumMismatch => "BadDigest",
        ChunkedPayloadError.IncompleteBody or ChunkedPayloadError.LengthMismatch => "IncompleteBody",
        _ => "InvalidRequest",
    };
}
