using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;

namespace EdgeCdn.Origin.Storage;

internal sealed partial class ObjectStore
{
    public BucketRecord? FindBucket(string name) => _buckets.TryGetValue(name, out var bucket) ? bucket : null;

    /// <summary>Buckets in name order; all of them when <paramref name="owner"/> is null.</summary>
    public IReadOnlyList<BucketRecord> ListBuckets(string? owner) => _db.Read(c =>
    {
        var command = owner is null
            ? c.Command("SELECT name, owner, region, created_at FROM buckets ORDER BY name")
            : c.Command("SELECT name, owner, region, created_at FROM buckets WHERE owner = $owner ORDER BY name", ("$owner", owner));
        using var r = command.ExecuteReader();
        var buckets = new List<BucketRecord>();
        while (r.Read())
        {
            buckets.Add(new BucketRecord(r.GetString(0), r.GetString(1), r.GetString(2), FromUnixMs(r.GetInt64(3))));
        }

        return buckets;
    });

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

    private CreateBucketOutcome InsertBucket(MetadataConnection c, BucketRecord bucket)
    {
        var existingOwner = c.Scalar("SELECT owner FROM buckets WHERE name = $name", ("$name", bucket.Name)) as string;
        if (existingOwner is not null)
        {
            return existingOwner == bucket.Owner ? CreateBucketOutcome.AlreadyOwnedByYou : CreateBucketOutcome.AlreadyExists;
        }

        c.Execute("INSERT INTO buckets (name, owner, region, created_at) VALUES ($name, $owner, $region, $created)",
            ("$name", bucket.Name), ("$owner", bucket.Owner), ("$region", bucket.Region), ("$created", ToUnixMs(bucket.CreatedAt)));
        _buckets[bucket.Name] = bucket;
        return CreateBucketOutcome.Created;
    }

    private void ReloadBucket(string name)
    {
        var stored = _db.Read(c =>
        {
            using var r = c.Command("SELECT name, owner, region, created_at FROM buckets WHERE name = $name", ("$name", name)).ExecuteReader();
            return r.Read() ? new BucketRecord(r.GetString(0), r.GetString(1), r.GetString(2), FromUnixMs(r.GetInt64(3))) : null;
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

    /// <summary>Deletes an empty bucket (aborting its multipart uploads); BucketNotEmpty while it holds objects.</summary>
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
