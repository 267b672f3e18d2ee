using Microsoft.Data.Sqlite;

namespace EdgeCdn.Origin.Storage;

/// <summary>
/// The metadata schema and its migrations (PRAGMA user_version).
/// <list type="bullet">
/// <item><c>buckets</c>: one row per bucket; <c>versioning</c> is 'Unversioned' until versioning arrives.</item>
/// <item><c>bucket_settings</c>: one document per bucket and kind (policy, cors, lifecycle, website, encryption...),
/// for the bucket sub-resources a later issue adds; empty for now.</item>
/// <item><c>objects</c>: the current version of every key (what GET and listings see). Keys are UTF-8 BLOBs so that
/// ordering is S3's byte order. Single-part data is <c>blob_id</c>; multipart data is in <c>object_parts</c>.
/// <c>version_id</c> is S3's 'null' version; with versioning, older versions go to a separate history table and
/// this table stays the fast "latest" index. <c>encryption</c> is reserved for SSE.</item>
/// <item><c>uploads</c> / <c>upload_parts</c>: multipart uploads in progress.</item>
/// </list>
/// </summary>
internal static class MetadataSchema
{
    public const int CurrentVersion = 1;

    private const string Version1 = """
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

        command.CommandText = $"PRAGMA user_version = {CurrentVersion}";
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
