namespace EdgeCdn.Origin.Storage;

/// <summary>An uploaded part of a multipart upload; <see cref="Checksum"/> is in the upload's algorithm (base64).</summary>
internal sealed record UploadPartRecord(int PartNumber, string BlobId, long Size, string ETag, string? Checksum, DateTimeOffset LastModified);
