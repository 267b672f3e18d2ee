using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Payload;

/// <summary>What reading a request body established: its decoded length, MD5 (the ETag) and the additional checksum
/// the client sent (verified) or the caller asked for (computed).</summary>
internal sealed record PayloadDigest(long Length, byte[] Md5, StoredChecksum? Checksum)
{
    public string ETag => Convert.ToHexStringLower(Md5);
}
