namespace EdgeCdn.Origin.Storage;

/// <summary>What ListObjectVersions shows of a version or delete marker.</summary>
internal sealed record VersionSummary(
    string Key, string VersionId, bool IsLatest, bool IsDeleteMarker, DateTimeOffset LastModified, string ETag, long Size, string Owner,
    string StorageClass, string? ChecksumAlgorithm, string? ChecksumType);
