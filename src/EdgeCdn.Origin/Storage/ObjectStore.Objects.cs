using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Versioning;
using Microsoft.Data.Sqlite;

namespace EdgeCdn.Origin.Storage;

internal sealed partial class ObjectStore
{
    private const int OpenAttempts = 8;

    /// <summary>The latest version of <paramref name="key"/> (possibly a delete marker), or null.</summary>
    public ObjectRecord? FindObject(string bucket, string key) => FindObject(bucket, key, null);

    /// <summary>The version <paramref name="versionId"/> of <paramref name="key"/> (the latest when null), or null.</summary>
    public ObjectRecord? FindObject(string bucket, string key, string? versionId)
    {
        var cacheKey = new HotObjectKey(bucket, key, versionId);
        var generation = _db.WriteGeneration;
        if (_hotObjects.TryGetValue(cacheKey, out var hot) && hot.Generation == generation)
        {
            return hot.Record;
        }

        var keyBytes = KeyBytes(key);
        var found = _db.Read(c => ReadObject(c, bucket, keyBytes, versionId));
        // ConcurrentDictionary.Count takes every lock, so the bound is checked every so many additions only.
        if ((Interlocked.Increment(ref _hotObjectAdds) & 255) == 0 && _hotObjects.Count >= HotObjectLimit)
        {
            _hotObjects.Clear();
        }

        _hotObjects[cacheKey] = new HotObject(found, generation);
        return found;
    }

    /// <summary>
    /// The version and a lease on its blobs, so that its data stays readable however long the caller streams it,
    /// even if it is overwritten or deleted meanwhile. Null when there is no such version.
    /// </summary>
    public (ObjectRecord Object, BlobLease Lease)? OpenObject(string bucket, string key, string? versionId = null)
    {
        for (var attempt = 0; attempt < OpenAttempts; attempt++)
        {
            var found = FindObject(bucket, key, versionId);
            if (found is null)
            {
                return null;
            }

            if (Blobs.TryLease(found.BlobIds) is { } lease)
            {
                return (found, lease);
            }

            // Its blobs are gone: whatever replaced them has committed, so the next read sees it.
            _hotObjects.TryRemove(new HotObjectKey(bucket, key, versionId), out _);
        }

        throw new IOException($"An object in {bucket} changed {OpenAttempts} times while it was being opened.");
    }

    /// <summary>
    /// Commits <paramref name="created"/> (whose blobs are already published) as the new latest version of its key,
    /// as the bucket's versioning state says: Enabled keeps the previous versions and gives this one a new version
    /// id; Unversioned and Suspended write the <c>null</c> version, replacing an earlier <c>null</c> version.
    /// <paramref name="precondition"/> runs inside the transaction against the current object (conditional writes).
    /// When the commit fails, the new blobs are deleted. Returns the record as stored (with its version id).
    /// </summary>
    public async Task<ObjectRecord> PutObjectAsync(ObjectRecord created, Action<ObjectRecord?>? precondition, CancellationToken cancellationToken)
    {
        ObjectRecord stored;
        List<string> freed;
        try
        {
            var key = KeyBytes(created.Key);
            (stored, freed) = await _db.WriteAsync(c =>
            {
                var versioning = VersioningOf(c, created.Bucket);
                if (precondition is not null)
                {
                    var current = ReadObject(c, created.Bucket, key, null);
                    precondition(current is { IsDeleteMarker: true } ? null : current);
                }

                return CommitVersion(c, created, key, versioning);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Blobs.Delete(created.BlobIds);
            throw;
        }

        Log.Committed(_logger, created.Bucket, created.Size, freed.Count);
        Blobs.Delete(freed);
        return stored;
    }

    /// <summary>
    /// DELETE as S3 does it. Without <paramref name="versionId"/>: Unversioned removes the object; Enabled adds a
    /// delete marker with a new version id; Suspended replaces the <c>null</c> version with a delete marker. With
    /// one: that version is removed for good, and when it was the latest, the next newest becomes the latest.
    /// </summary>
    public async Task<DeleteOutcome> DeleteAsync(string bucket, string key, string? versionId, DateTimeOffset now, string owner, CancellationToken cancellationToken)
    {
        var keyBytes = KeyBytes(key);
        var (outcome, freed) = await _db.WriteAsync(c => Delete(c, bucket, key, keyBytes, versionId, now, owner), cancellationToken).ConfigureAwait(false);
        Blobs.Delete(freed);
        return outcome;
    }

    /// <summary>Deletes several objects or versions in one transaction.</summary>
    public async Task<IReadOnlyList<DeleteOutcome>> DeleteObjectsAsync(
        string bucket, IReadOnlyList<(string Key, string? VersionId)> entries, DateTimeOffset now, string owner, CancellationToken cancellationToken)
    {
        var (outcomes, freed) = await _db.WriteAsync(c =>
        {
            RequireBucket(c, bucket);
            var results = new List<DeleteOutcome>(entries.Count);
            var blobs = new List<string>();
            foreach (var (key, versionId) in entries)
            {
                var (outcome, released) = Delete(c, bucket, key, KeyBytes(key), versionId, now, owner);
                results.Add(outcome);
                blobs.AddRange(released);
            }

            return (results, blobs);
        }, cancellationToken).ConfigureAwait(false);
        Blobs.Delete(freed);
        return outcomes;
    }

    /// <summary>
    /// Changes what may change on a committed version without new data (tags, ACL, storage class, restore state):
    /// <paramref name="change"/> gets the version inside the transaction and returns it as it should be (or throws an
    /// S3 error). NoSuchKey / NoSuchVersion when there is no such version.
    /// </summary>
    public Task<ObjectRecord> UpdateObjectAsync(string bucket, string key, string? versionId, Func<ObjectRecord, ObjectRecord> change, CancellationToken cancellationToken)
    {
        var keyBytes = KeyBytes(key);
        return _db.WriteAsync(c =>
        {
            RequireBucket(c, bucket);
            var current = ReadObject(c, bucket, keyBytes, versionId) ?? throw Missing(key, versionId);
            var changed = change(current);
            c.Execute(
                "UPDATE objects SET tags = $tags, acl = $acl, storage_class = $sc, restore_ready = $ready, restore_expiry = $expiry WHERE id = $id",
                ("$tags", SerializeTags(changed.Metadata.Tags)), ("$acl", changed.Acl), ("$sc", changed.Metadata.StorageClass),
                ("$ready", ToUnixMs(changed.RestoreReady)), ("$expiry", ToUnixMs(changed.RestoreExpiry)), ("$id", current.RowId));
            return changed;
        }, cancellationToken);
    }

    private static (DeleteOutcome Outcome, List<string> Freed) Delete(
        MetadataConnection c, string bucket, string key, byte[] keyBytes, string? versionId, DateTimeOffset now, string owner)
    {
        var versioning = VersioningOf(c, bucket);
        if (versionId is not null)
        {
            var version = ReadObject(c, bucket, keyBytes, versionId);
            if (version is null)
            {
                return (new DeleteOutcome(versionId, false), []);
            }

            var freed = RemoveRow(c, version.RowId);
            if (version.IsLatest)
            {
                PromoteNewest(c, bucket, keyBytes);
            }

            return (new DeleteOutcome(versionId, version.IsDeleteMarker), freed);
        }

        if (versioning == BucketRecord.Unversioned)
        {
            var current = ReadObject(c, bucket, keyBytes, ObjectRecord.NullVersion);
            return (new DeleteOutcome(null, false), current is null ? [] : RemoveRow(c, current.RowId));
        }

        var marker = new ObjectRecord
        {
            Bucket = bucket,
            Key = key,
            IsDeleteMarker = true,
            Size = 0,
            ETag = string.Empty,
            LastModified = now,
            Owner = owner,
            Metadata = ObjectMetadata.Empty,
        };
        var (stored, released) = CommitVersion(c, marker, keyBytes, versioning);
        return (new DeleteOutcome(stored.VersionId, true), released);
    }

    /// <summary>
    /// Makes <paramref name="record"/> the latest version of its key under <paramref name="versioning"/>; returns
    /// it as stored and the blobs that the replaced <c>null</c> version (if any) used.
    /// </summary>
    private static (ObjectRecord Stored, List<string> Freed) CommitVersion(MetadataConnection c, ObjectRecord record, byte[] key, string versioning)
    {
        var freed = new List<string>();
        string versionId;
        if (versioning == BucketRecord.VersioningEnabled)
        {
            versionId = VersionIds.New();
        }
        else
        {
            versionId = ObjectRecord.NullVersion;
            if (ReadObject(c, record.Bucket, key, ObjectRecord.NullVersion) is { } previousNull)
            {
                freed.AddRange(RemoveRow(c, previousNull.RowId));
            }
        }

        c.Execute("UPDATE objects SET is_latest = 0, noncurrent_since = $now WHERE bucket = $bucket AND key = $key AND is_latest = 1",
            ("$now", ToUnixMs(record.LastModified)), ("$bucket", record.Bucket), ("$key", key));
        var stored = record with { VersionId = versionId, IsLatest = true, NoncurrentSince = null };
        return (stored with { RowId = InsertObject(c, stored, key) }, freed);
    }

    /// <summary>After the latest version was removed, the newest remaining one (highest row id) becomes the latest.</summary>
    private static void PromoteNewest(MetadataConnection c, string bucket, byte[] key) =>
        c.Execute(
            "UPDATE objects SET is_latest = 1, noncurrent_since = NULL WHERE id = (SELECT id FROM objects WHERE bucket = $bucket AND key = $key ORDER BY id DESC LIMIT 1)",
            ("$bucket", bucket), ("$key", key));

    private static S3Exception Missing(string key, string? versionId) => versionId is null
        ? new S3Exception(S3ErrorCatalog.NoSuchKey, null, S3Exception.Detail("Key", key))
        : new S3Exception(S3ErrorCatalog.NoSuchVersion, null, S3Exception.Detail("Key", key), S3Exception.Detail("VersionId", versionId));

    private static ObjectRecord? ReadObject(MetadataConnection c, string bucket, byte[] key, string? versionId)
    {
        ObjectRecord found;
        var command = versionId is null
            ? c.Command($"SELECT {ObjectColumns} FROM objects WHERE bucket = $bucket AND key = $key AND is_latest = 1", ("$bucket", bucket), ("$key", key))
            : c.Command($"SELECT {ObjectColumns} FROM objects WHERE bucket = $bucket AND key = $key AND version_id = $version",
                ("$bucket", bucket), ("$key", key), ("$version", versionId));
        using (var r = command.ExecuteReader())
        {
            if (!r.Read())
            {
                return null;
            }

            found = MapObject(r);
        }

        return found.BlobId is not null || found.IsDeleteMarker ? found : found with { Parts = ReadObjectParts(c, found.RowId) };
    }

    private static ObjectRecord MapObject(SqliteDataReader r)
    {
        var algorithm = ParseAlgorithm(GetStringOrNull(r, 16));
        return new ObjectRecord
        {
            RowId = r.GetInt64(0),
            Bucket = r.GetString(1),
            Key = System.Text.Encoding.UTF8.GetString((byte[])r.GetValue(2)),
            Size = r.GetInt64(3),
            ETag = r.GetString(4),
            LastModified = FromUnixMs(r.GetInt64(5)),
            Owner = r.GetString(6),
            BlobId = GetStringOrNull(r, 7),
            PartsCount = r.IsDBNull(8) ? null : r.GetInt32(8),
            Metadata = ReadMetadata(r, 9, 15, 19, 26, 27),
            Checksum = algorithm is { } a ? new StoredChecksum(a, r.GetString(17), r.GetString(18)) : null,
            VersionId = r.GetString(20),
            IsLatest = r.GetInt64(21) != 0,
            IsDeleteMarker = r.GetInt64(22) != 0,
            NoncurrentSince = FromUnixMsOrNull(r, 23),
            Encryption = ObjectEncryption.Parse(GetStringOrNull(r, 24)),
            Acl = GetStringOrNull(r, 25),
            RestoreReady = FromUnixMsOrNull(r, 28),
            RestoreExpiry = FromUnixMsOrNull(r, 29),
        };
    }

    private static List<ObjectPart> ReadObjectParts(MetadataConnection c, long rowId)
    {
        var parts = new List<ObjectPart>();
        using var r = c.Command("SELECT part_number, blob_id, size, offset, etag, checksum FROM object_parts WHERE object_id = $id ORDER BY part_number", ("$id", rowId)).ExecuteReader();
        while (r.Read())
        {
            parts.Add(new ObjectPart(r.GetInt32(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4), GetStringOrNull(r, 5)));
        }

        return parts;
    }

    /// <summary>Deletes the rows of one version; returns the blobs it used.</summary>
    private static List<string> RemoveRow(MetadataConnection c, long id)
    {
        var blobs = new List<string>();
        if (c.Scalar("SELECT blob_id FROM objects WHERE id = $id", ("$id", id)) is string blob)
        {
            blobs.Add(blob);
        }

        using (var r = c.Command("SELECT blob_id FROM object_parts WHERE object_id = $id", ("$id", id)).ExecuteReader())
        {
            while (r.Read())
            {
                blobs.Add(r.GetString(0));
            }
        }

        c.Execute("DELETE FROM object_parts WHERE object_id = $id", ("$id", id));
        c.Execute("DELETE FROM objects WHERE id = $id", ("$id", id));
        return blobs;
    }

    private static long InsertObject(MetadataConnection c, ObjectRecord o, byte[] key)
    {
        var h = o.Metadata.Headers;
        var id = (long)c.Scalar(
            "INSERT INTO objects (bucket, key, size, etag, last_modified, owner, blob_id, parts_count, content_type, content_encoding, " +
            "content_disposition, content_language, cache_control, expires, user_metadata, checksum_algorithm, checksum_value, checksum_type, storage_class, " +
            "version_id, is_latest, is_delete_marker, noncurrent_since, encryption, acl, tags, website_redirect, restore_ready, restore_expiry) " +
            "VALUES ($bucket, $key, $size, $etag, $modified, $owner, $blob, $parts, $ct, $ce, $cd, $cl, $cc, $ex, $meta, $ca, $cv, $ctype, $sc, " +
            "$version, $latest, $marker, $noncurrent, $enc, $acl, $tags, $redirect, $ready, $expiry) RETURNING id",
            ("$bucket", o.Bucket), ("$key", key), ("$size", o.Size), ("$etag", o.ETag), ("$modified", ToUnixMs(o.LastModified)),
            ("$owner", o.Owner), ("$blob", o.BlobId), ("$parts", o.PartsCount), ("$ct", h.ContentType), ("$ce", h.ContentEncoding),
            ("$cd", h.ContentDisposition), ("$cl", h.ContentLanguage), ("$cc", h.CacheControl), ("$ex", h.Expires),
            ("$meta", SerializeMetadata(o.Metadata.UserMetadata)),
            ("$ca", o.Checksum is { } ca ? AlgorithmName(ca.Algorithm) : null), ("$cv", o.Checksum?.Value), ("$ctype", o.Checksum?.Type),
            ("$sc", o.Metadata.StorageClass), ("$version", o.VersionId), ("$latest", o.IsLatest ? 1 : 0), ("$marker", o.IsDeleteMarker ? 1 : 0),
            ("$noncurrent", ToUnixMs(o.NoncurrentSince)), ("$enc", o.Encryption?.Serialize()), ("$acl", o.Acl),
            ("$tags", SerializeTags(o.Metadata.Tags)), ("$redirect", o.Metadata.WebsiteRedirect),
            ("$ready", ToUnixMs(o.RestoreReady)), ("$expiry", ToUnixMs(o.RestoreExpiry)))!;
        foreach (var part in o.Parts)
        {
            c.Execute("INSERT INTO object_parts (object_id, part_number, blob_id, size, offset, etag, checksum) VALUES ($id, $n, $blob, $size, $offset, $etag, $sum)",
                ("$id", id), ("$n", part.PartNumber), ("$blob", part.BlobId), ("$size", part.Size), ("$offset", part.Offset), ("$etag", part.ETag),
                ("$sum", part.Checksum));
        }

        return id;
    }

    /// <summary>The latest version, or NoSuchKey (also when the latest is a delete marker).</summary>
    public ObjectRecord GetObject(string bucket, string key) =>
        FindObject(bucket, key) is { IsDeleteMarker: false } found ? found : throw Missing(key, null);
}
