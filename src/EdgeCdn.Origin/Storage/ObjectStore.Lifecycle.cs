namespace EdgeCdn.Origin.Storage;

internal sealed partial class ObjectStore
{
    /// <summary>Every bucket as cached (with its settings).</summary>
    public IReadOnlyList<BucketRecord> AllBuckets() => _buckets.Values.OrderBy(b => b.Name, StringComparer.Ordinal).ToList();

    /// <summary>Distinct keys (with any version or delete marker) after <paramref name="after"/>, in key order.</summary>
    public IReadOnlyList<string> ListKeys(string bucket, string? after, int limit) => _db.Read(c =>
    {
        using var r = c.Command("SELECT DISTINCT key FROM objects WHERE bucket = $bucket AND key > $after ORDER BY key LIMIT $limit",
            ("$bucket", bucket), ("$after", after is null ? Array.Empty<byte>() : KeyBytes(after)), ("$limit", limit)).ExecuteReader();
        var keys = new List<string>();
        while (r.Read())
        {
            keys.Add(System.Text.Encoding.UTF8.GetString((byte[])r.GetValue(0)));
        }

        return keys;
    });

    /// <summary>Every version of a key, newest first (without part lists).</summary>
    public IReadOnlyList<ObjectRecord> VersionsOf(string bucket, string key) => _db.Read(c =>
    {
        using var r = c.Command($"SELECT {ObjectColumns} FROM objects WHERE bucket = $bucket AND key = $key ORDER BY id DESC",
            ("$bucket", bucket), ("$key", KeyBytes(key))).ExecuteReader();
        var versions = new List<ObjectRecord>();
        while (r.Read())
        {
            versions.Add(MapObject(r));
        }

        return versions;
    });

    /// <summary>Expires the latest version as a DELETE without versionId would, if it is still row
    /// <paramref name="expectedRowId"/> (a write that came in meanwhile wins).</summary>
    public async Task<bool> ExpireLatestAsync(string bucket, string key, long expectedRowId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keyBytes = KeyBytes(key);
        var (done, freed) = await _db.WriteAsync(c =>
        {
            var latest = ReadObject(c, bucket, keyBytes, null);
            if (latest is null || latest.RowId != expectedRowId || latest.IsDeleteMarker)
            {
                return (false, new List<string>());
            }

            var owner = c.Scalar("SELECT owner FROM buckets WHERE name = $name", ("$name", bucket)) as string ?? latest.Owner;
            var (_, released) = Delete(c, bucket, key, keyBytes, null, now, owner);
            return (true, released);
        }, cancellationToken).ConfigureAwait(false);
        Blobs.Delete(freed);
        return done;
    }

    /// <summary>Removes one version for good (promoting the next newest when it was the latest), if it still exists.</summary>
    public async Task<bool> RemoveVersionAsync(string bucket, string key, long rowId, CancellationToken cancellationToken)
    {
        var keyBytes = KeyBytes(key);
        var (done, freed) = await _db.WriteAsync(c =>
        {
            var latest = c.Scalar("SELECT is_latest FROM objects WHERE id = $id AND bucket = $bucket AND key = $key", ("$id", rowId), ("$bucket", bucket), ("$key", keyBytes));
            if (latest is not long isLatest)
            {
                return (false, new List<string>());
            }

            var released = RemoveRow(c, rowId);
            if (isLatest != 0)
            {
                PromoteNewest(c, bucket, keyBytes);
            }

            return (true, released);
        }, cancellationToken).ConfigureAwait(false);
        Blobs.Delete(freed);
        return done;
    }

    /// <summary>Changes a version's storage class if it is still <paramref name="from"/> (metadata only: the data stays
    /// where it is); a transition into an archive class ends any restored copy.</summary>
    public Task<bool> TransitionAsync(long rowId, string from, string to, bool archive, CancellationToken cancellationToken) => _db.WriteAsync(c =>
        c.Execute(archive
                ? "UPDATE objects SET storage_class = $to, restore_ready = NULL, restore_expiry = NULL WHERE id = $id AND storage_class = $from"
                : "UPDATE objects SET storage_class = $to WHERE id = $id AND storage_class = $from",
            ("$to", to), ("$id", rowId), ("$from", from)) > 0, cancellationToken);

    /// <summary>Multipart uploads of a bucket in progress (for AbortIncompleteMultipartUpload).</summary>
    public IReadOnlyList<UploadRecord> UploadsOf(string bucket) => _db.Read(c =>
    {
        using var r = c.Command($"SELECT {UploadColumns} FROM uploads WHERE bucket = $bucket ORDER BY key, initiated", ("$bucket", bucket)).ExecuteReader();
        var uploads = new List<UploadRecord>();
        while (r.Read())
        {
            uploads.Add(MapUpload(r));
        }

        return uploads;
    });

    /// <summary>Forgets restored copies whose time is up (reads already treat them as gone).</summary>
    public Task<int> ClearExpiredRestoresAsync(DateTimeOffset now, CancellationToken cancellationToken) => _db.WriteAsync(c =>
        c.Execute("UPDATE objects SET restore_ready = NULL, restore_expiry = NULL WHERE restore_expiry IS NOT NULL AND restore_expiry <= $now",
            ("$now", ToUnixMs(now))), cancellationToken);
}
