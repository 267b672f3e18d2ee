namespace EdgeCdn.Origin.Storage;

/// <summary>An object as committed: its data (one blob, or ordered parts) and everything GET and HEAD return.</summary>
internal sealed class ObjectRecord
{
    public required string Bucket { get; init; }

    public required string Key { get; init; }

    public required long Size { get; init; }

    /// <summary>Hex MD5 (single part) or "md5-of-md5s-N" (multipart), without quotes.</summary>
    public required string ETag { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    public required string Owner { get; init; }

    public string? BlobId { get; init; }

    /// <summary>Empty for single-part objects.</summary>
    public IReadOnlyList<ObjectPart> Parts { get; init; } = [];

    public int? PartsCount { get; init; }

    public required ObjectMetadata Metadata { get; init; }

    public StoredChecksum? Checksum { get; init; }

    public string QuotedETag => "\"" + ETag + "\"";

    public IReadOnlyList<string> BlobIds => BlobId is not null ? [BlobId] : Parts.Select(p => p.BlobId).ToList();

    /// <summary>The data as consecutive segments (blob, offset of the segment within the object, length).</summary>
    public IReadOnlyList<(string BlobId, long Offset, long Length)> Segments =>
        BlobId is not null
            ? [(BlobId, 0, Size)]
            : Parts.Select(p => (p.BlobId, p.Offset, p.Size)).ToList();
}
