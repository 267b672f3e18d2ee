using Microsoft.Data.Sqlite;

namespace EdgeCdn.Origin.Storage;

/// <summary>
/// The metadata schema and its migrations (PRAGMA user_version).
/// <list type="bullet">
/// <item><c>buckets</c>: one row per bucket; <c>versioning</c> is Unversioned, Enabled or Suspended.</item>
/// <item><c>bucket_settings</c>: one document per bucket and kind (policy, cors, lifecycle, website, encryption,
/// publicAccessBlock, ownershipControls, acl, tagging), serialised by the feature that owns it.</item>
/// <item><c>objects</c>: every version of every key (version 1 held only the <c>null</c> version). Keys are UTF-8
/// BLOBs so that ordering is S3's byte order. <c>is_latest</c> marks the version GET sees; the partial unique index
/// <c>objects_latest</c> over those rows is the fast "current object" index that lookups and listings use, so older
/// versions cost them nothing. Delete markers are versions with <c>is_delete_marker</c> and no data. Single-part data is
/// <c>blob_id</c>; multipart data is in <c>object_parts</c>. Row ids grow with every insert, so within a key a
/// higher id is a newer version. <c>encryption</c> says how the blobs are encrypted (null: plaintext, written
/// before version 2).</item>
/// <item><c>uploads</c> / <c>upload_parts</c>: multipart uploads in progress.</item>
/// </list>
/// </summary>
internal static class MetadataSchema
{
    public const int CurrentVersion = 2;

    internal const string Version1 = """
        CREATE TABLE buckets (
            name        TEXT PRIMARY KEY,
            owner       TEXT NOT NULL,
            region      TEXT NOT NULL,
            created_at  INTEGER NOT NULL,
            versioning  TEXT NOT NULL DEFAULT 'Unversioned'
        );
        CREATE TABLE bucket_settings (
            bucket      TEXT NOT NULL,
            kind        TEXT NOT NULL,
            document    TEXT NOT NULL,
            updated_at  INTEGER NOT NULL,
            PRIMARY KEY (bucket, kind)
        ) WITHOUT ROWID;
        CREATE TABLE objects (
            id                   INTEGER PRIMARY KEY,
            bucket               TEXT NOT NULL,
            key                  BLOB NOT NULL,
            version_id           TEXT NOT NULL DEFAULT 'null',
            size                 INTEGER NOT NULL,
            etag                 TEXT NOT NULL,
            last_modified        INTEGER NOT NULL,
            owner                TEXT NOT NULL,
            blob_id              TEXT,
            parts_count          INTEGER,
            content_type         TEXT,
            content_encoding     TEXT,
            content_disposition  TEXT,
            content_language     TEXT,
            cache_control        TEXT,
            expires              TEXT,
            user_metadata        TEXT,
            checksum_algorithm   TEXT,
            checksum_value       TEXT,
            checksum_type        TEXT,
            storage_class        TEXT NOT NULL DEFAULT 'STANDARD',
            encryption           TEXT
        );
        CREATE UNIQUE INDEX objects_by_key ON objects (bucket, key);
        CREATE TABLE object_parts (
            object_id    INTEGER NOT NULL,
            part_number  INTEGER NOT NULL,
            blob_id      TEXT NOT NULL,
            size         INTEGER NOT NULL,
            offset       INTEGER NOT NULL,
            etag         TEXT NOT NULL,
            checksum     TEXT,
            PRIMARY KEY (object_id, part_number)
        ) WITHOUT ROWID;
        CREATE TABLE uploads (
            upload_id            TEXT PRIMARY KEY,
            bucket               TEXT NOT NULL,
            key                  BLOB NOT NULL,
            owner                TEXT NOT NULL,
            initiated            INTEGER NOT NULL,
            content_type         TEXT,
            content_encoding     TEXT,
            content_disposition  TEXT,
            content_language     TEXT,
            cache_control        TEXT,
            expires              TEXT,
            user_metadata        TEXT,
            checksum_algorithm   TEXT,
            checksum_type        TEXT,
            storage_class        TEXT NOT NULL DEFAULT 'STANDARD'
        );
        CREATE INDEX uploads_by_key ON uploads (bucket, key, initiated, upload_id);
        CREATE TABLE upload_parts (
            upload_id      TEXT NOT NULL,
            part_number    INTEGER NOT NULL,
            blob_id        TEXT NOT NULL,
            size           INTEGER NOT NULL,
            etag           TEXT NOT NULL,
            checksum       TEXT,
            last_modified  INTEGER NOT NULL,
            PRIMARY KEY (upload_id, part_number)
        ) WITHOUT ROWID;
        """;

    // Versions, delete markers, per-object ACLs, tags, website redirects and restores; encryption of uploads.
    private const string Version2 = """
        ALTER TABLE objects ADD COLUMN is_latest INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE objects ADD COLUMN is_delete_marker INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE objects ADD COLUMN noncurrent_since INTEGER;
        ALTER TABLE objects ADD COLUMN acl TEXT;
        ALTER TABLE objects ADD COLUMN tags TEXT;
        ALTER TABLE objects ADD COLUMN website_redirect TEXT;
        ALTER TABLE objects ADD COLUMN restore_ready INTEGER;
        ALTER TABLE objects ADD COLUMN restore_expiry INTEGER;
        DROP INDEX objects_by_key;
        CREATE UNIQUE INDEX objects_latest ON objects (bucket, key) WHERE is_latest = 1;
        CREATE UNIQUE INDEX objects_by_version ON objects (bucket, key, version_id);
        ALTER TABLE uploads ADD COLUMN encryption TEXT;
        ALTER TABLE uploads ADD COLUMN acl TEXT;
        ALTER TABLE uploads ADD COLUMN tags TEXT;
        ALTER TABLE uploads ADD COLUMN website_redirect TEXT;
        """;

    public static void Migrate(SqliteConnection connection)
    {
        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        var current = Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (current > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The metadata database is at schema version {current}, newer than this build understands ({CurrentVersion}).");
        }

        if (current == CurrentVersion)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (current < 1)
        {
            command.CommandText = Version1;
            command.ExecuteNonQuery();
        }

        if (current < 2)
        {
            command.CommandText = Version2;
            command.ExecuteNonQuery();
        }

        command.CommandText = $"PRAGMA user_version = {CurrentVersion}";
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
