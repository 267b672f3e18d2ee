using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;

namespace EdgeCdn.Origin.Storage;

internal sealed partial class ObjectStore
{
    public BucketRecord? FindBucket(string name) => _buckets.TryGetValue(name, out var bucket) ? bucket : null;

    /// <summary>Buckets in name order (without their settings); all of them when <paramref name="owner"/> is null.</summary>
    public IReadOnlyList<BucketRecord> ListBuckets(string? owner) => _db.Read(c =>
    {
        var command = owner is null
            ? c.Command("SELECT name, owner, region, created_at, versioning FROM buckets ORDER BY name")
            : c.Command("SELECT name, owner, region, created_at, versioning FROM buckets WHERE owner = $owner ORDER BY name", ("$owner", owner));
        using var r = command.ExecuteReader();
        var buckets = new List<BucketRecord>();
        while (r.Read())
        {
            buckets.Add(MapBucket(r));
        }

        return buckets;
    });

    /// <summary>Creates a bucket with its initial settings (S3's defaults for new buckets).</summary>
    public async Task<CreateBucketOutcome> CreateBucketAsync(BucketRecord bucket, CancellationToken cancellationToken)
    {
        try
        {
            return await _db.WriteAsync(c => InsertBucket(c, bucket), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ReloadBucket(bucket.Name);
            throw;
        }
    }

    /// <summary>Sets (or with null removes) one configuration document of a bucket.</summary>
    public Task<BucketRecord> PutBucketSettingAsync(string name, string kind, string? document, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeBucketAsync(name, c =>
        {
            if (document is null)
            {
                c.Execute("DELETE FROM bucket_settings WHERE bucket = $name AND kind = $kind", ("$name", name), ("$kind", kind));
            }
            else
            {
                c.Execute("INSERT OR REPLACE INTO bucket_settings (bucket, kind, document, updated_at) VALUES ($name, $kind, $doc, $now)",
                    ("$name", name), ("$kind", kind), ("$doc", document), ("$now", ToUnixMs(now)));
            }

            return b => b with { Settings = b.Settings.With(kind, document) };
        }, cancellationToken);

    /// <summary>Sets the versioning state (Enabled or Suspended).</summary>
    public Task<BucketRecord> SetVersioningAsync(string name, string state, CancellationToken cancellationToken) =>
        ChangeBucketAsync(name, c =>
        {
            c.Execute("UPDATE buckets SET versioning = $state WHERE name = $name", ("$state", state), ("$name", name));
            return b => b with { Versioning = state };
        }, cancellationToken);

    private async Task<BucketRecord> ChangeBucketAsync(string name, Func<MetadataConnection, Func<BucketRecord, BucketRecord>> change, CancellationToken cancellationToken)
    {
        try
        {
            return await _db.WriteAsync(c =>
            {
                RequireBucket(c, name);
                var apply = change(c);
                var changed = apply(_buckets[name]);
                _buckets[name] = changed;
                return changed;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ReloadBucket(name);
            throw;
        }
    }

    private CreateBucketOutcome InsertBucket(MetadataConnection c, BucketRecord bucket)
    {
        var existingOwner = c.Scalar("SELECT owner FROM buckets WHERE name = $name", ("$name", bucket.Name)) as string;
        if (existingOwner is not null)
        {
            return existingOwner == bucket.Owner ? CreateBucketOutcome.AlreadyOwnedByYou : CreateBucketOutcome.AlreadyExists;
        }

        c.Execute("INSERT INTO buckets (name, owner, region, created_at, versioning) VALUES ($name, $owner, $region, $created, $versioning)",
            ("$name", bucket.Name), ("$owner", bucket.Owner), ("$region", bucket.Region), ("$created", ToUnixMs(bucket.CreatedAt)),
            ("$versioning", bucket.Versioning));
        foreach (var (kind, document) in bucket.Settings.Documents)
        {
            c.Execute("INSERT INTO bucket_settings (bucket, kind, document, updated_at) VALUES ($name, $kind, $doc, $now)",
                ("$name", bucket.Name), ("$kind", kind), ("$doc", document), ("$now", ToUnixMs(bucket.CreatedAt)));
        }

        _buckets[bucket.Name] = bucket;
        return CreateBucketOutcome.Created;
    }

    private void ReloadBucket(string name)
    {
        var stored = _db.Read(c =>
        {
            BucketRecord bucket;
            using (var r = c.Command("SELECT name, owner, region, created_at, versioning FROM buckets WHERE name = $name", ("$name", name)).ExecuteReader())
            {
                if (!r.Read())
                {
                    return null;
                }

                bucket = MapBucket(r);
            }

            using (var r = c.Command("SELECT kind, document FROM bucket_settings WHERE bucket = $name", ("$name", name)).ExecuteReader())
            {
                while (r.Read())
                {
                    bucket = bucket with { Settings = bucket.Settings.With(r.GetString(0), r.GetString(1)) };
                }
            }

            return bucket;
        });
        if (stored is null)
        {
            _buckets.TryRemove(name, out _);
        }
        else
        {
            _buckets[name] = stored;
        }
    }

    private static BucketRecord MapBucket(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), FromUnixMs(r.GetInt64(3))) { Versioning = r.GetString(4) };

    /// <summary>Deletes an empty bucket (aborting its multipart uploads); BucketNotEmpty while it holds objects,
    /// versions or delete markers.</summary>
    public async Task DeleteBucketAsync(string name, CancellationToken cancellationToken)
    {
        List<string> freed;
        try
        {
            freed = await _db.WriteAsync(c => RemoveBucket(c, name), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ReloadBucket(name);
            throw;
        }

        Blobs.Delete(freed);
    }

    private List<string> RemoveBucket(MetadataConnection c, string name)
    {
        RequireBucket(c, name);
        if (c.Scalar("SELECT 1 FROM objects WHERE bucket = $name LIMIT 1", ("$name", name)) is not null)
        {
            throw new S3Exception(S3ErrorCatalog.BucketNotEmpty, null, S3Exception.Detail("BucketName", name));
        }

        var blobs = new List<string>();
        using (var r = c.Command("SELECT p.blob_id FROM upload_parts p JOIN uploads u ON u.upload_id = p.upload_id WHERE u.bucket = $name", ("$name", name)).ExecuteReader())
        {
            while (r.Read())
            {
                blobs.Add(r.GetString(0));
            }
        }

        c.Execute("DELETE FROM upload_parts WHERE upload_id IN (SELECT upload_id FROM uploads WHERE bucket = $name)", ("$name", name));
        c.Execute("DELETE FROM uploads WHERE bucket = $name", ("$name", name));
        c.Execute("DELETE FROM bucket_settings WHERE bucket = $name", ("$name", name));
        c.Execute("DELETE FROM buckets WHERE name = $name", ("$name", name));
        _buckets.TryRemove(name, out _);
        return blobs;
    }
}
