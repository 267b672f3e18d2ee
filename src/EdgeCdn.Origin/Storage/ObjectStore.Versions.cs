using System.Text;

namespace EdgeCdn.Origin.Storage;

internal sealed partial class ObjectStore
{
    private const string VersionColumns = "id, key, version_id, is_latest, is_delete_marker, last_modified, etag, size, owner, storage_class, checksum_algorithm, checksum_type";

    /// <summary>
    /// ListObjectVersions: every version and delete marker in key order (UTF-8 bytes), newest first within a key,
    /// after (<paramref name="keyMarker"/>, <paramref name="versionIdMarker"/>), under <paramref name="prefix"/>, rolling
    /// keys that contain <paramref name="delimiter"/> after the prefix up into common prefixes.
    /// </summary>
    public VersionListing ListVersions(string bucket, string prefix, string? delimiter, string? keyMarker, string? versionIdMarker, int maxKeys)
    {
        var prefixBytes = KeyBytes(prefix);
        var delimiterBytes = string.IsNullOrEmpty(delimiter) ? null : KeyBytes(delimiter);
        var markerBytes = string.IsNullOrEmpty(keyMarker) ? null : KeyBytes(keyMarker);
        return _db.Read(c =>
        {
            var versions = new List<VersionSummary>();
            var prefixes = new List<string>();
            if (maxKeys <= 0)
            {
                return new VersionListing(versions, prefixes, false, null, null);
            }

            var upper = Successor(prefixBytes) ?? AboveAllKeys;

            // Position: rows strictly after (lowerKey, lowerId) in (key ascending, id descending) order, or all rows
            // from lowerKey on (inclusive) or after it (exclusive).
            var lowerKey = prefixBytes;
            long? lowerId = null;
            var inclusive = true;
            if (markerBytes is not null && markerBytes.AsSpan().SequenceCompareTo(prefixBytes) >= 0)
            {
                lowerKey = markerBytes;
                inclusive = false;
                if (!string.IsNullOrEmpty(versionIdMarker) &&
                    c.Scalar("SELECT id FROM objects WHERE bucket = $bucket AND key = $key AND version_id = $version",
                        ("$bucket", bucket), ("$key", markerBytes), ("$version", versionIdMarker)) is long id)
                {
                    lowerId = id;
                }
            }

            var count = 0;
            var truncated = false;
            string? nextKey = null, nextVersion = null;
            while (!truncated)
            {
                var limit = maxKeys - count + 1;
                var rows = QueryVersions(c, bucket, lowerKey, lowerId, inclusive, upper, limit);
                var jumped = false;
                foreach (var (keyBytes, id, summary) in rows)
                {
                    if (delimiterBytes is not null)
                    {
                        var index = keyBytes.AsSpan(prefixBytes.Length).IndexOf(delimiterBytes);
                        if (index >= 0)
                        {
                            var common = keyBytes.AsSpan(0, prefixBytes.Length + index + delimiterBytes.Length).ToArray();
                            if (markerBytes is null || common.AsSpan().SequenceCompareTo(markerBytes) > 0)
                            {
                                if (count == maxKeys)
                                {
                                    truncated = true;
                                    break;
                                }

                                prefixes.Add(Encoding.UTF8.GetString(common));
                                nextKey = prefixes[^1];
                                nextVersion = null;
                                count++;
                            }

                            lowerKey = Successor(common) ?? AboveAllKeys;
                            lowerId = null;
                            inclusive = true;
                            jumped = true;
                            break;
                        }
                    }

                    if (count == maxKeys)
                    {
                        truncated = true;
                        break;
                    }

                    versions.Add(summary);
                    nextKey = summary.Key;
                    nextVersion = summary.VersionId;
                    count++;
                    lowerKey = keyBytes;
                    lowerId = id;
                    inclusive = false;
                }

                if (!jumped && rows.Count < limit)
                {
                    break;
                }
            }

            return new VersionListing(versions, prefixes, truncated, truncated ? nextKey : null, truncated ? nextVersion : null);
        });
    }

    private static List<(byte[] Key, long Id, VersionSummary Summary)> QueryVersions(
        MetadataConnection c, string bucket, byte[] lowerKey, long? lowerId, bool inclusive, byte[] upper, int limit)
    {
        var after = lowerId is not null
            ? "(key > $lower OR (key = $lower AND id < $id))"
            : inclusive ? "key >= $lower" : "key > $lower";
        var sql = $"SELECT {VersionColumns} FROM objects WHERE bucket = $bucket AND {after} AND key < $upper ORDER BY key, id DESC LIMIT $limit";
        using var r = c.Command(sql, ("$bucket", bucket), ("$lower", lowerKey), ("$id", lowerId ?? 0), ("$upper", upper), ("$limit", limit)).ExecuteReader();
        var rows = new List<(byte[], long, VersionSummary)>(Math.Min(limit, 1024));
        while (r.Read())
        {
            var key = (byte[])r.GetValue(1);
            rows.Add((key, r.GetInt64(0), new VersionSummary(
                Encoding.UTF8.GetString(key), r.GetString(2), r.GetInt64(3) != 0, r.GetInt64(4) != 0, FromUnixMs(r.GetInt64(5)), r.GetString(6),
                r.GetInt64(7), r.GetString(8), r.GetString(9), GetStringOrNull(r, 10), GetStringOrNull(r, 11))));
        }

        return rows;
    }
}
