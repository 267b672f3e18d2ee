namespace EdgeCdn.Origin.Storage;

/// <summary>What a listing shows of an object.</summary>
internal sealed record ObjectSummary(
    string Key, long Size, string ETag, DateTimeOffset LastModified, string Owner, string? ChecksumAlgorithm, string? ChecksumType, string StorageClass);
