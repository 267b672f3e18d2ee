namespace EdgeCdn.Origin.Storage;

/// <summary>One part of a multipart object: its blob and where it sits in the object.</summary>
internal sealed record ObjectPart(int PartNumber, string BlobId, long Size, long Offset, string ETag, string? Checksum);
