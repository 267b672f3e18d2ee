namespace EdgeCdn.Core.Signing;

/// <summary>The aws-chunked body variants (x-amz-content-sha256 values starting with STREAMING-).</summary>
public enum StreamingPayloadMode
{
    /// <summary>STREAMING-AWS4-HMAC-SHA256-PAYLOAD: every chunk signed, chained from the seed signature.</summary>
    SignedChunks,

    /// <summary>STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: signed chunks, then a signed trailer (checksum).</summary>
    SignedChunksWithTrailer,

    /// <summary>STREAMING-UNSIGNED-PAYLOAD-TRAILER: unsigned chunks, then a trailer with a checksum.</summary>
    UnsignedWithTrailer,
}
