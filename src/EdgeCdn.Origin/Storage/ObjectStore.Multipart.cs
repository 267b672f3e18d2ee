using System.Text;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using Microsoft.Data.Sqlite;

namespace EdgeCdn.Origin.Storage;

internal sealed partial class ObjectStore
{
    private const string UploadColumns =
        "upload_id, bucket, key, owner, initiated, content_type, content_encoding, content_disposition, content_language, cache_control, " +
        "expires, user_metadata, checksum_algorithm, checksum_type, storage_class, encryption, acl, tags, website_redirect";

    public Task CreateUploadAsync(UploadRecord upload, CancellationToken cancellationToken) => _db.WriteAsync(c =>
    {
        RequireBucket(c, upload.Bucket);
        var h = upload.Metadata.Headers;
        return c.Execute(
            $"INSERT INTO uploads ({UploadColumns}) VALUES ($id, $bucket, $key, $owner, $initiated, $ct, $ce, $cd, $cl, $cc, $ex, $meta, $ca, $ctype, $sc, $enc, $acl, $tags, $redirect)",
            ("$id", upload.UploadId), ("$bucket", upload.Bucket), ("$key", KeyBytes(upload.Key)), ("$owner", upload.Owner),
            ("$initiated", ToUnixMs(upload.Initiated)), ("$ct", h.ContentType), ("$ce", h.ContentEncoding), ("$cd", h.ContentDisposition),
            ("$cl", h.ContentLanguage), ("$cc", h.CacheControl), ("$ex", h.Expires), ("$meta", SerializeMetadata(upload.Metadata.UserMetadata)),
            ("$ca", upload.ChecksumAlgorithm is { } a ? AlgorithmName(a) : null), ("$ctype", upload.ChecksumType), ("$sc", upload.Metadata.StorageClass),
            ("$enc", upload.Encryption?.Serialize()), ("$acl", upload.Acl), ("$tags", SerializeTags(upload.Metadata.Tags)), ("$redirect", upload.Metadata.WebsiteRedirect));
    }, cancellationToken);

    /// <summary>The upload with this id for this bucket and key, or NoSuchUpload.</summary>
    public UploadRecord GetUpload(string bucket, string key, string uploadId) =>
        _db.Read(c => ReadUpload(c, bucket, key, uploadId));

    /// <summary>Commits a part (its blob already published), replacing an earlier upload of the same part number.</summary>
    public async Task PutPartAsync(string bucket, string key, string uploadId, UploadPartRecord part, CancellationToken cancellationToken)
    {
        List<string> freed;
        try
        {
            freed = await _db.WriteAsync(c =>
            {
                ReadUpload(c, bucket, key, uploadId);
                var old = new List<string>();
                if (c.Scalar("SELECT blob_id FROM upload_parts WHERE upload_id = $id AND part_number = $n", ("$id", uploadId), ("$n", part.PartNumber)) is string previous)
                {
                    old.Add(previous);
                }

                c.Execute(
                    "INSERT OR REPLACE INTO upload_parts (upload_id, part_number, blob_id, size, etag, checksum, last_modified) VALUES ($id, $n, $blob, $size, $etag, $sum, $modified)",
                    ("$id", uploadId), ("$n", part.PartNumber), ("$blob", part.BlobId), ("$size", part.Size), ("$etag", part.ETag),
                    ("$sum", part.Checksum), ("$modified", ToUnixMs(part.LastModified)));
                return old;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Blobs.Delete([part.BlobId]);
            throw;
        }

        Blobs.Delete(freed);
    }

    /// <summary>Parts after <paramref name="partNumberMarker"/>, at most <paramref name="maxParts"/>, and whether more follow.</summary>
    public (UploadRecord Upload, IReadOnlyList<UploadPartRecord> Parts, bool IsTruncated) ListParts(
        string bucket, string key, string uploadId, int partNumberMarker, int maxParts) => _db.Read(c =>
    {
        var upload = ReadUpload(c, bucket, key, uploadId);
        var parts = ReadParts(c, uploadId, partNumberMarker, maxParts + 1);
        var truncated = parts.Count > maxParts;
        return (upload, (IReadOnlyList<UploadPartRecord>)(truncated ? parts[..maxParts] : parts), truncated);
    });

    /// <summary>
    /// Completes an upload in one transaction: <paramref name="assemble"/> checks the client's part list against
    /// the stored parts (throwing S3 errors) and returns the object; the object replaces any with the key, the upload
    /// disappears, and parts the client left out are deleted. No data is copied: the object is its parts' blobs.
    /// </summary>
    public async Task<ObjectRecord> CompleteUploadAsync(
        string bucket, string key, string uploadId, Func<UploadRecord, IReadOnlyList<UploadPartRecord>, ObjectRecord> assemble, CancellationToken cancellationToken)
    {
        var keyBytes = KeyBytes(key);
        var (created, freed) = await _db.WriteAsync(c =>
        {
            var versioning = VersioningOf(c, bucket);
            var upload = ReadUpload(c, bucket, key, uploadId);
            var parts = ReadParts(c, uploadId, 0, int.MaxValue);
            var result = assemble(upload, parts);
            var used = result.BlobIds.ToHashSet(StringComparer.Ordinal);
            var (stored, blobs) = CommitVersion(c, result, keyBytes, versioning);
            blobs.AddRange(parts.Select(p => p.BlobId).Where(id => !used.Contains(id)));
            c.Execute("DELETE FROM upload_parts WHERE upload_id = $id", ("$id", uploadId));
            c.Execute("DELETE FROM uploads WHERE upload_id = $id", ("$id", uploadId));
            return (stored, blobs);
        }, cancellationToken).ConfigureAwait(false);
        Log.Committed(_logger, bucket, created.Size, freed.Count);
        Blobs.Delete(freed);
        return created;
    }

    public async Task AbortUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        var freed = await _db.WriteAsync(c =>
        {
            ReadUpload(c, bucket, key, uploadId);
            var blobs = ReadParts(c, uploadId, 0, int.MaxValue).Select(p => p.BlobId).ToList();
            c.Execute("DELETE FROM upload_parts WHERE upload_id = $id", ("$id", uploadId));
            c.Execute("DELETE FROM uploads WHERE upload_id = $id", ("$id", uploadId));
            return blobs;
        }, cancellationToken).ConfigureAwait(false);
        Blobs.Delete(freed);
    }

    /// <summary>
    /// Uploads in progress ordered by key, then initiation time; after (<paramref name="keyMarker"/>,
    /// <paramref name="uploadIdMarker"/>); keys containing <paramref name="delimiter"/> after the prefix roll up.
    /// </summary>
    public UploadListing ListUploads(string bucket, string prefix, string? delimiter, string? keyMarker, string? uploadIdMarker, int maxUploads)
    {
        var prefixBytes = KeyBytes(prefix);
        var delimiterBytes = string.IsNullOrEmpty(delimiter) ? null : KeyBytes(delimiter);
        var markerBytes = string.IsNullOrEmpty(keyMarker) ? null : KeyBytes(keyMarker);
        return _db.Read(c =>
        {
            var uploads = new List<UploadRecord>();
            var prefixes = new List<string>();
            var upper = Successor(prefixBytes) ?? AboveAllKeys;

            // Position: (key, initiated, upload_id) strictly after the marker. Without an upload-id-marker, every
            // upload of key-marker itself is skipped.
            byte[] lowerKey = prefixBytes;
            long lowerInitiated = long.MinValue;
            var lowerId = string.Empty;
            var strictKey = false;
            if (markerBytes is not null && markerBytes.AsSpan().SequenceCompareTo(prefixBytes) >= 0)
            {
                lowerKey = markerBytes;
                if (uploadIdMarker is not null && c.Scalar("SELECT initiated FROM uploads WHERE upload_id = $id", ("$id", uploadIdMarker)) is long initiated)
                {
                    lowerInitiated = initiated;
                    lowerId = uploadIdMarker;
                }
                else
                {
                    strictKey = true;
                }
            }

            var count = 0;
            var truncated = false;
            string? nextKey = null, nextId = null;
            while (!truncated)
            {
                var limit = maxUploads - count + 1;
                var sql = strictKey
                    ? $"SELECT {UploadColumns} FROM uploads WHERE bucket = $bucket AND key > $key AND key < $upper ORDER BY key, initiated, upload_id LIMIT $limit"
                    : $"SELECT {UploadColumns} FROM uploads WHERE bucket = $bucket AND (key, initiated, upload_id) > ($key, $initiated, $uid) AND key < $upper ORDER BY key, initiated, upload_id LIMIT $limit";
                var rows = new List<(byte[] Key, UploadRecord Upload)>();
                using (var r = c.Command(sql, ("$bucket", bucket), ("$key", lowerKey), ("$initiated", lowerInitiated), ("$uid", lowerId), ("$upper", upper), ("$limit", limit)).ExecuteReader())
                {
                    while (r.Read())
                    {
                        rows.Add(((byte[])r.GetValue(2), MapUpload(r)));
                    }
                }

                var jumped = false;
                foreach (var (keyBytes, upload) in rows)
                {
                    if (delimiterBytes is not null)
                    {
                        var index = keyBytes.AsSpan(prefixBytes.Length).IndexOf(delimiterBytes);
                        if (index >= 0)
                        {
                            var common = keyBytes.AsSpan(0, prefixBytes.Length + index + delimiterBytes.Length).ToArray();
                            if (markerBytes is null || common.AsSpan().SequenceCompareTo(markerBytes) > 0)
                            {
                                if (count == maxUploads)
                                {
                                    truncated = true;
                                    break;
                                }

                                prefixes.Add(Encoding.UTF8.GetString(common));
                                nextKey = prefixes[^1];
                                nextId = null;
                                count++;
                            }

                            lowerKey = Successor(common) ?? AboveAllKeys;
                            lowerInitiated = long.MinValue;
                            lowerId = string.Empty;
                            strictKey = false;
                            jumped = true;
                            break;
                        }
                    }

                    if (count == maxUploads)
                    {
                        truncated = true;
                        break;
                    }

                    uploads.Add(upload);
                    nextKey = upload.Key;
                    nextId = upload.UploadId;
                    count++;
                    lowerKey = keyBytes;
                    lowerInitiated = ToUnixMs(upload.Initiated);
                    lowerId = upload.UploadId;
                    strictKey = false;
                }

                if (!jumped && rows.Count < limit)
                {
                    break;
                }
            }

            return new UploadListing(uploads, prefixes, truncated, truncated ? nextKey : null, truncated ? nextId : null);
        });
    }

    private static UploadRecord ReadUpload(MetadataConnection c, string bucket, string key, string uploadId)
    {
        using var r = c.Command($"SELECT {UploadColumns} FROM uploads WHERE upload_id = $id", ("$id", uploadId)).ExecuteReader();
        if (!r.Read())
        {
            throw new S3Exception(S3ErrorCatalog.NoSuchUpload, null, S3Exception.Detail("UploadId", uploadId));
        }

        var upload = MapUpload(r);
        if (upload.Bucket != bucket || upload.Key != key)
        {
            throw new S3Exception(S3ErrorCatalog.NoSuchUpload, null, S3Exception.Detail("UploadId", uploadId));
        }

        return upload;
    }

    private static UploadRecord MapUpload(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        Encoding.UTF8.GetString((byte[])r.GetValue(2)),
        r.GetString(3),
        FromUnixMs(r.GetInt64(4)),
        ReadMetadata(r, 5, 11, 14, 17, 18),
        ParseAlgorithm(GetStringOrNull(r, 12)),
        GetStringOrNull(r, 13),
        ObjectEncryption.Parse(GetStringOrNull(r, 15)),
        GetStringOrNull(r, 16));

    private static List<UploadPartRecord> ReadParts(MetadataConnection c, string uploadId, int after, int limit)
    {
        using var r = c.Command(
            "SELECT part_number, blob_id, size, etag, checksum, last_modified FROM upload_parts WHERE upload_id = $id AND part_number > $after ORDER BY part_number LIMIT $limit",
            ("$id", uploadId), ("$after", after), ("$limit", limit)).ExecuteReader();
        var parts = new List<UploadPartRecord>();
        while (r.Read())
        {
            parts.Add(new UploadPartRecord(r.GetInt32(0), r.GetString(1), r.GetInt64(2), r.GetString(3), GetStringOrNull(r, 4), FromUnixMs(r.GetInt64(5))));
        }

        return parts;
    }
}
