using System.Text;
using System.Text.Json;
using EdgeCdn.Core.Checksums;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.Origin.Storage;

/// <summary>
/// The storage engine: metadata in SQLite, data in the <see cref="BlobStore"/>. Every change is one SQLite
/// transaction that names blobs already durable on disk; blobs a change leaves unreferenced are deleted after it
/// commits (or at start-up, if the process died in between). Reads are snapshot-consistent and see every
/// committed write (read-after-write, overwrite and delete consistency, listings included).
/// </summary>
internal sealed partial class ObjectStore : IDisposable
{
    private const string ObjectColumns =
        "id, bucket, key, size, etag, last_modified, owner, blob_id, parts_count, content_type, content_encoding, content_disposition, " +
        "content_language, cache_control, expires, user_metadata, checksum_algorithm, checksum_value, checksum_type, storage_class, " +
        "version_id, is_latest, is_delete_marker, noncurrent_since, encryption, acl, tags, website_redirect, restore_ready, restore_expiry";

    private readonly MetadataDatabase _db;
    private readonly ILogger _logger;

    // Every request looks its bucket up; buckets change rarely, so they are kept in memory too. The cache is changed
    // inside the write transaction that changes the table (writes are serialised), and reloaded if a commit fails.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, BucketRecord> _buckets = new(StringComparer.Ordinal);

    // Recently read versions (and absences), so that a GET of a popular key skips SQLite. Each entry carries the
    // database's write generation from before its read and is used only while that is still current: any write
    // transaction makes every entry stale, so a reader never sees less than SQLite would show it. Records are
    // immutable and shared. Bounded: emptied when full (checked every 256 additions).
    private const int HotObjectLimit = 8192;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<HotObjectKey, HotObject> _hotObjects = new();
    private long _hotObjectAdds;

    public ObjectStore(string dataDirectory, bool fsync, ILoggerFactory loggerFactory, HotBlobCache? hotBlobs = null)
    {
        DataDirectoryPath = dataDirectory;
        Blobs = new BlobStore(dataDirectory, fsync, loggerFactory.CreateLogger<BlobStore>(), hotBlobs);
        var metaDirectory = Path.Combine(dataDirectory, "meta");
        _db = new MetadataDatabase(Path.Combine(metaDirectory, "origin.db"), fsync);
        _logger = loggerFactory.CreateLogger<ObjectStore>();
    }

    public string DataDirectoryPath { get; }

    public BlobStore Blobs { get; }

    public void Initialize()
    {
        DataDirectory.CreatePrivate(DataDirectoryPath);
        DataDirectory.CreatePrivate(Path.GetDirectoryName(_db.Path)!);
        Blobs.Initialize();
        _db.Initialize();
        foreach (var bucket in ListBuckets(owner: null))
        {
            _buckets[bucket.Name] = bucket;
        }

        _db.Read(c =>
        {
            using var r = c.Command("SELECT bucket, kind, document FROM bucket_settings").ExecuteReader();
            while (r.Read())
            {
                if (_buckets.TryGetValue(r.GetString(0), out var bucket))
                {
                    _buckets[bucket.Name] = bucket with { Settings = bucket.Settings.With(r.GetString(1), r.GetString(2)) };
                }
            }

            return 0;
        });
    }

    /// <summary>Removes blob files that no metadata names (left by a crash between rename and commit, or between
    /// commit and delete); only files older than <paramref name="startedUtc"/>, so no write of this process is touched.</summary>
    public int SweepOrphanBlobs(DateTime startedUtc, CancellationToken cancellationToken)
    {
        var referenced = _db.Read(c =>
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            using var reader = c.Command("SELECT blob_id FROM objects WHERE blob_id IS NOT NULL UNION ALL SELECT blob_id FROM object_parts UNION ALL SELECT blob_id FROM upload_parts").ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        });
        return Blobs.SweepOrphans(referenced, startedUtc, cancellationToken);
    }

    public void Dispose() => _db.Dispose();

    internal static byte[] KeyBytes(string key) => Encoding.UTF8.GetBytes(key);

    private static long ToUnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static long? ToUnixMs(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? FromUnixMsOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromUnixMs(reader.GetInt64(ordinal));

    private static string? SerializeMetadata(IReadOnlyList<KeyValuePair<string, string>> metadata) =>
        metadata.Count == 0 ? null : JsonSerializer.Serialize(metadata.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    // Tags keep their order (S3 returns them as given), so they are stored as a list of pairs.
    private static string? SerializeTags(IReadOnlyList<KeyValuePair<string, string>>? tags) =>
        tags is null || tags.Count == 0 ? null : JsonSerializer.Serialize(tags.Select(t => new[] { t.Key, t.Value }));

    private static List<KeyValuePair<string, string>>? DeserializeTags(string? json) =>
        json is null ? null : (JsonSerializer.Deserialize<string[][]>(json) ?? []).Select(t => new KeyValuePair<string, string>(t[0], t[1])).ToList();

    private static List<KeyValuePair<string, string>> DeserializeMetadata(string? json) =>
        json is null ? [] : (JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []).ToList();

    private static string? GetStringOrNull(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static void RequireBucket(MetadataConnection c, string bucket) => VersioningOf(c, bucket);

    /// <summary>The bucket's versioning state, read inside the transaction; NoSuchBucket when it is gone.</summary>
    private static string VersioningOf(MetadataConnection c, string bucket) =>
        c.Scalar("SELECT versioning FROM buckets WHERE name = $name", ("$name", bucket)) as string
        ?? throw new S3Exception(S3ErrorCatalog.NoSuchBucket, null, S3Exception.Detail("BucketName", bucket));

    private static ObjectMetadata ReadMetadata(SqliteDataReader r, int first, int userMetadata, int storageClass, int tags, int websiteRedirect) => new(
        new ObjectHeaders(GetStringOrNull(r, first), GetStringOrNull(r, first + 1), GetStringOrNull(r, first + 2),
            GetStringOrNull(r, first + 3), GetStringOrNull(r, first + 4), GetStringOrNull(r, first + 5)),
        DeserializeMetadata(GetStringOrNull(r, userMetadata)),
        r.GetString(storageClass),
        DeserializeTags(GetStringOrNull(r, tags)),
        GetStringOrNull(r, websiteRedirect));

    private static ChecksumAlgorithm? ParseAlgorithm(string? name) =>
        name is not null && PayloadChecksum.TryParse(name, out var algorithm) ? algorithm : null;

    internal static string AlgorithmName(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "CRC32",
        ChecksumAlgorithm.Crc32C => "CRC32C",
        ChecksumAlgorithm.Crc64Nvme => "CRC64NVME",
        ChecksumAlgorithm.Sha1 => "SHA1",
        _ => "SHA256",
    };

    private readonly record struct HotObjectKey(string Bucket, string Key, string? VersionId);

    private sealed record HotObject(ObjectRecord? Record, long Generation);

    private static partial class Log
    {
        // Object keys stay out of logs: they may carry personal data.
        [LoggerMessage(1, LogLevel.Debug, "Committed an object in {Bucket}: {Size} bytes, freed {Freed} blobs")]
        public static partial void Committed(ILogger logger, string bucket, long size, int freed);
    }
}
