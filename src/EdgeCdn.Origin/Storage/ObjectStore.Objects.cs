using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;

namespace EdgeCdn.Origin.Storage;

internal sealed partial class ObjectStore
{
    private const int OpenAttempts = 8;

    public ObjectRecord? FindObject(string bucket, string key)
    {
        var keyBytes = KeyBytes(key);
        return _db.Read(c => ReadObject(c, bucket, keyBytes));
    }

    /// <summary>
    /// The object and a lease on its blobs, so that its data stays readable however long the caller streams it,
    /// even if it is overwritten or deleted meanwhile. Null when there is no such object.
    /// </summary>
    public (ObjectRecord Object, BlobLease Lease)? OpenObject(string bucket, string key)
    {
        for (var attempt = 0; attempt < OpenAttempts; attempt++)
        {
            var found = FindObject(bucket, key);
            if (found is null)
            {
                return null;
            }

            if (Blobs.TryLease(found.BlobIds) is { } lease)
            {
                return (found, lease);
            }
        }

        throw new IOException($"The object {bucket}/{key} changed {OpenAttempts} times while it was being opened.");
    }

    /// <summary>
    /// Commits <paramref name="created"/> (whose blobs are already published), replacing any object with its key.
    /// <paramref name="precondition"/> runs inside the transaction against the current object (conditional writes).
    /// When the commit fails, the new blobs are deleted.
    /// </summary>
    public async Task<ObjectRecord> PutObjectAsync(ObjectRecord created, Action<ObjectRecord?>? precondition, CancellationToken cancellationToken)
    {
        List<string> freed;
        try
        {
            var key = KeyBytes(created.Key);
            freed = await _db.WriteAsync(c =>
            {
                RequireBucket(c, created.Bucket);
                if (precondition is not null)
                {
                    precondition(ReadObject(c, created.Bucket, key));
                }

                var old = RemoveObject(c, created.Bucket, key);
                InsertObject(c, created, key);
                return old;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Blobs.Delete(created.BlobIds);
            throw;
        }

        Log.Committed(_logger, created.Bucket, created.Size, freed.Count);
        Blobs.Delete(freed);
        return created;
    }

    /// <summary>Deletes an object; true when there was one.</summary>
    public async Task<bool> DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var keyBytes = KeyBytes(key);
        var freed = await _db.WriteAsync(c =>
        {
            RequireBucket(c, bucket);
            return RemoveObject(c, bucket, keyBytes);
        }, cancellationToken).ConfigureAwait(false);
        Blobs.Delete(freed);
        return freed.Count > 0;
    }

    /// <summary>Deletes several objects in one transaction.</summary>
    public async Task DeleteObjectsAsync(string bucket, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var freed = await _db.WriteAsync(c =>
        {
            RequireBucket(c, bucket);
            var blobs = new List<string>();
            foreach (var key in keys)
            {
                blobs.AddRange(RemoveObject(c, bucket, KeyBytes(key)));
            }

            return blobs;
        }, cancellationToken).ConfigureAwait(false);
        Blobs.Delete(freed);
    }

    private static ObjectRecord? ReadObject(MetadataConnection c, string bucket, byte[] key)
    {
        long id;
        ObjectRecord found;
        using (var r = c.Command($"SELECT {ObjectColumns} FROM objects WHERE bucket = $bucket AND key = $key", ("$bucket", bucket), ("$key", key)).ExecuteReader())
        {
            if (!r.Read())
            {
                return null;
            }

            id = r.GetInt64(0);
            var algorithm = ParseAlgorithm(GetStringOrNull(r, 16));
            found = new ObjectRecord
            {
                Bucket = r.GetString(1),
                Key = System.Text.Encoding.UTF8.GetString((byte[])r.GetValue(2)),
                Size = r.GetInt64(3),
                ETag = r.GetString(4),
                LastModified = FromUnixMs(r.GetInt64(5)),
                Owner = r.GetString(6),
                BlobId = GetStringOrNull(r, 7),
                PartsCount = r.IsDBNull(8) ? null : r.GetInt32(8),
                Metadata = ReadMetadata(r, 9, 15, 19),
                Checksum = algorithm is { } a ? new StoredChecksum(a, r.GetString(17), r.GetString(18)) : null,
            };
        }

        if (found.BlobId is not null)
        {
            return found;
        }

        var parts = new List<ObjectPart>(found.PartsCount ?? 0);
        using (var r = c.Command("SELECT part_number, blob_id, size, offset, etag, checksum FROM object_parts WHERE object_id = $id ORDER BY part_number", ("$id", id)).ExecuteReader())
        {
            while (r.Read())
            {
                parts.Add(new ObjectPart(r.GetInt32(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4), GetStringOrNull(r, 5)));
            }
        }

        return new ObjectRecord
        {
            Bucket = found.Bucket,
            Key = found.Key,
            Size = found.Size,
            ETag = found.ETag,
            LastModified = found.LastModified,
            Owner = found.Owner,
            Parts = parts,
            PartsCount = found.PartsCount,
            Metadata = found.Metadata,
            Checksum = found.Checksum,
        };
    }

    /// <summary>Deletes the rows of an object; returns the blobs it used.</summary>
    private static List<string> RemoveObject(MetadataConnection c, string bucket, byte[] key)
    {
        var blobs = new List<string>();
        long? id = null;
        using (var r = c.Command("SELECT id, blob_id FROM objects WHERE bucket = $bucket AND key = $key", ("$bucket", bucket), ("$key", key)).ExecuteReader())
        {
            if (r.Read())
            {
                id = r.GetInt64(0);
                if (!r.IsDBNull(1))
                {
                    blobs.Add(r.GetString(1));
                }
            }
        }

        if (id is null)
        {
            return blobs;
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

    private static void InsertObject(MetadataConnection c, ObjectRecord o, byte[] key)
    {
        var h = o.Metadata.Headers;
        var id = (long)c.Scalar(
            "INSERT INTO objects (bucket, key, size, etag, last_modified, owner, blob_id, parts_count, content_type, content_encoding, " +
            "content_disposition, content_language, cache_control, expires, user_metadata, checksum_algorithm, checksum_value, checksum_type, storage_class) " +
            "VALUES ($bucket, $key, $size, $etag, $modified, $owner, $blob, $parts, $ct, $ce, $cd, $cl, $cc, $ex, $meta, $ca, $cv, $ctype, $sc) RETURNING id",
            ("$bucket", o.Bucket), ("$key", key), ("$size", o.Size), ("$etag", o.ETag), ("$modified", ToUnixMs(o.LastModified)),
            ("$owner", o.Owner), ("$blob", o.BlobId), ("$parts", o.PartsCount), ("$ct", h.ContentType), ("$ce", h.ContentEncoding),
            ("$cd", h.ContentDisposition), ("$cl", h.ContentLanguage), ("$cc", h.CacheControl), ("$ex", h.Expires),
            ("$meta", SerializeMetadata(o.Metadata.UserMetadata)),
            ("$ca", o.Checksum is { } ca ? AlgorithmName(ca.Algorithm) : null), ("$cv", o.Checksum?.Value), ("$ctype", o.Checksum?.Type),
            ("$sc", o.Metadata.StorageClass))!;
        foreach (var part in o.Parts)
        {
            c.Execute("INSERT INTO object_parts (object_id, part_number, blob_id, size, offset, etag, checksum) VALUES ($id, $n, $blob, $size, $offset, $etag, $sum)",
                ("$id", id), ("$n", part.PartNumber), ("$blob", part.BlobId), ("$size", part.Size), ("$offset", part.Offset), ("$etag", part.ETag),
                ("$sum", part.Checksum));
        }
    }

    private static S3Exception NoSuchKey(string key) => new(S3ErrorCatalog.NoSuchKey, null, S3Exception.Detail("Key", key));

    /// <summary>The object, or NoSuchKey.</summary>
    public ObjectRecord GetObject(string bucket, string key) => FindObject(bucket, key) ?? throw NoSuchKey(key);
}
