using EdgeCdn.Core.Checksums;

namespace EdgeCdn.Origin.Storage;

/// <summary>An additional checksum kept with an object: the algorithm, its base64 value as S3 renders it (composite
/// values end in "-N"), and the type (FULL_OBJECT or COMPOSITE).</summary>
internal sealed record StoredChecksum(ChecksumAlgorithm Algorithm, string Value, string Type)
{
    public const string FullObject = "FULL_OBJECT";
    public const string Composite = "COMPOSITE";
}
