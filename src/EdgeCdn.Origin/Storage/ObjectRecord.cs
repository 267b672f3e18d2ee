namespace EdgeCdn.Origin.Storage;

/// <summary>
/// One version of an object as committed: its data (one blob, or ordered parts) and everything GET and HEAD return.
/// A delete marker is a version without data. Unversioned buckets hold only the <c>null</c> version of each key.
/// </summary>
internal sealed record ObjectRecord
{
    public const string NullVersion = "null";

    /// <summary>The metadata row (0 until committed).</summary>
    public long RowId { get; init; }

    public required string Bucket { get; init; }

    public required string Key { get; init; }

    public string VersionId { get; init; } = NullVersion;

    /// <summary>Whether this is the version GET without versionId sees (possibly a delete marker).</summary>
    public bool IsLatest { get; init; } = true;

    public bool IsDeleteMarker { get; init; }

    /// <summary>When a newer version replaced this one (lifecycle's noncurrent days count from here).</summary>
    public DateTimeOffset? NoncurrentSince { get; init; }

    public required long Size { get; init; }

    /// <summary>Hex MD5 (single part) or "md5-of-md5s-N" (multipart), without quotes; empty for delete markers.</summary>
    public required string ETag { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    public required string Owner { get; init; }

    public string? BlobId { get; init; }

    /// <summary>Empty for single-part objects.</summary>
    public IReadOnlyList<ObjectPart> Parts { get; init; } = [];

    public int? PartsCount { get; init; }

    public required ObjectMetadata Metadata { get; init; }

    public StoredChecksum? Checksum { get; init; }

    /// <summary>How the blobs are encrypted at rest; null for data written before encryption existed (plaintext).</summary>
    public ObjectEncryption? Encryption { get; init; }

    /// <summary>The object ACL as stored by the ACL feature (JSON); null means private to the owner.</summary>
    public string? Acl { get; init; }

    /// <summary>Archived classes: when the temporary copy a restore makes is (or will be) readable.</summary>
    public DateTimeOffset? RestoreReady { get; init; }

    /// <summary>Archived classes: when the restored copy goes away again.</summary>
    public DateTimeOffset? RestoreExpiry { get; init; }

    public string QuotedETag => "\"" + ETag + "\"";

    public IReadOnlyList<string> BlobIds => BlobId is not null ? [BlobId] : Parts.Select(p => p.BlobId).ToList();

    /// <summary>The data as consecutive segments (blob, offset of the segment within the object, length).</summary>
    public IReadOnlyList<(string BlobId, long Offset, long Length)> Segments =>
        BlobId is not null
            ? [(BlobId, 0, Size)]
            : Parts.Select(p => (p.BlobId, p.Offset, p.Size)).ToList();
}
