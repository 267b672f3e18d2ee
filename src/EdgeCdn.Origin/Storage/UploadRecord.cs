using EdgeCdn.Core.Checksums;

namespace EdgeCdn.Origin.Storage;

/// <summary>A multipart upload in progress; the object it completes into gets its metadata, encryption and ACL.</summary>
internal sealed record UploadRecord(
    string UploadId,
    string Bucket,
    string Key,
    string Owner,
    DateTimeOffset Initiated,
    ObjectMetadata Metadata,
    ChecksumAlgorithm? ChecksumAlgorithm,
    string? ChecksumType,
    ObjectEncryption? Encryption = null,
    string? Acl = null);
