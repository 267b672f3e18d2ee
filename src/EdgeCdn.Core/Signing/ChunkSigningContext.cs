using System.Security.Cryptography;

namespace EdgeCdn.Core.Signing;

/// <summary>
/// What is needed to sign or check the chunks of an aws-chunked body: the signing key and scope of the request
/// and its seed signature (the signature of the request headers), from which every chunk signature is chained.
/// </summary>
public sealed class ChunkSigningContext
{
    private readonly byte[] _signingKey;
    private readonly byte[] _prefix;

    public ChunkSigningContext(StreamingPayloadMode mode, byte[] signingKey, string amzDate, string scope, string seedSignature)
    {
        Mode = mode;
        _signingKey = signingKey;
        AmzDate = amzDate;
        Scope = scope;
        SeedSignature = seedSignature;
        // "\n{date}\n{scope}\n" is common to every chunk and trailer string to sign.
        _prefix = System.Text.Encoding.ASCII.GetBytes($"\n{amzDate}\n{scope}\n");
    }

    public StreamingPayloadMode Mode { get; }

    public string AmzDate { get; }

    public string Scope { get; }

    /// <summary>The request signature (hex) that the first chunk signature chains from.</summary>
    public string SeedSignature { get; }

    public static bool TryParseMode(string? payloadHash, out StreamingPayloadMode mode)
    {
        switch (payloadHash)
        {
            case SigV4Constants.StreamingSignedPayload:
                mode = StreamingPayloadMode.SignedChunks;
                return true;
            case SigV4Constants.StreamingSignedPayloadTrailer:
                mode = StreamingPayloadMode.SignedChunksWithTrailer;
                return true;
            case SigV4Constants.StreamingUnsignedPayloadTrailer:
                mode = StreamingPayloadMode.UnsignedWithTrailer;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    /// <summary>
    /// Signature of one chunk: HMAC(key, "AWS4-HMAC-SHA256-PAYLOAD\n" + date + "\n" + scope + "\n" + previous + "\n"
    /// + hash("") + "\n" + hash(chunk)), written as 32 bytes into <paramref name="signature"/>.
    /// </summary>
    public void ComputeChunkSignature(ReadOnlySpan<byte> previousSignature, ReadOnlySpan<byte> chunkSha256, Span<byte> signature)
    {
        var buffer = new Utf8Buffer(256);
        try
        {
            buffer.Append("AWS4-HMAC-SHA256-PAYLOAD"u8);
            buffer.Append(_prefix);
            buffer.AppendLowerHex(previousSignature);
            buffer.Append((byte)'\n');
            buffer.Append("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"u8);
            buffer.AppendLowerHex(chunkSha256);
            HMACSHA256.HashData(_signingKey, buffer.Written, signature);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>
    /// Signature of the trailer: HMAC(key, "AWS4-HMAC-SHA256-TRAILER\n" + date + "\n" + scope + "\n" + previous +
    /// "\n" + hash(trailer lines)).
    /// </summary>
    public void ComputeTrailerSignature(ReadOnlySpan<byte> previousSignature, ReadOnlySpan<byte> trailerSha256, Span<byte> signature)
    {
        var buffer = new Utf8Buffer(256);
        try
        {
            buffer.Append("AWS4-HMAC-SHA256-TRAILER"u8);
            buffer.Append(_prefix);
            buffer.AppendLowerHex(previousSignature);
            buffer.Append((byte)'\n');
            buffer.AppendLowerHex(trailerSha256);
            HMACSHA256.HashData(_signingKey, buffer.Written, signature);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    public override string ToString() => $"ChunkSigningContext({Mode}, {Scope})";
}
