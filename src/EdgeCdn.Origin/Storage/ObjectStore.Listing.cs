using System.Text;

namespace EdgeCdn.Origin.Storage;

internal sealed partial class ObjectStore
{
    // UTF-8 never contains 0xFF, so X'FF' is above every key: the upper bound of "no prefix".
    private static readonly byte[] AboveAllKeys = [0xFF];

    /// <summary>
    /// Lists keys in UTF-8 byte order starting after <paramref name="after"/>, under <paramref name="prefix"/>,
    /// rolling keys that contain <paramref name="delimiter"/> after the prefix up into common prefixes. Each common
    /// prefix is found with one index seek and then skipped past with another, so a listing costs what it returns.
    /// </summary>
    public ObjectListing ListObjects(string bucket, string prefix, string? delimiter, string? after, int maxKeys)
    {
        var prefixBytes = KeyBytes(prefix);
        var delimiterBytes = string.IsNullOrEmpty(delimiter) ? null : KeyBytes(delimiter);
        var afterBytes = string.IsNullOrEmpty(after) ? null : KeyBytes(after);
        return _db.Read(c =>
        {
            var objects = new List<ObjectSummary>();
            var prefixes = new List<string>();
            if (maxKeys <= 0)
            {
                return new ObjectListing(objects, prefixes, false, null);
            }

            var (lower, inclusive) = afterBytes is not null && afterBytes.AsSpan().SequenceCompareTo(prefixBytes) >= 0
                ? (afterBytes, false)
                : (prefixBytes, true);
            var upper = Successor(prefixBytes) ?? AboveAllKeys;
            var count = 0;
            string? last = null;
            var truncated = false;
            while (!truncated)
            {
                var limit = maxKeys - count + 1;
                var rows = QueryKeys(c, bucket, lower, inclusive, upper, limit);
                var jumped = false;
                foreach (var (keyBytes, summary) in rows)
                {
                    if (delimiterBytes is not null)
                    {
                        var index = keyBytes.AsSpan(prefixBytes.Length).IndexOf(delimiterBytes);
                        if (index >= 0)
                        {
                            var common = keyBytes.AsSpan(0, prefixBytes.Length + index + delimiterBytes.Length).ToArray();
                            if (afterBytes is null || common.AsSpan().SequenceCompareTo(afterBytes) > 0)
                            {
                                if (count == maxKeys)
                                {
                                    truncated = true;
                                    break;
                                }

                                last = Encoding.UTF8.GetString(common);
                                prefixes.Add(last);
                                count++;
                            }

                            lower = Successor(common) ?? AboveAllKeys;
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

                    objects.Add(summary);
                    last = summary.Key;
                    count++;
                    lower = keyBytes;
                    inclusive = false;
                }

                if (!jumped && rows.Count < limit)
                {
                    break;
                }
            }

            return new ObjectListing(objects, prefixes, truncated, truncated ? last : null);
        });
    }

    private static List<(byte[] Key, ObjectSummary Summary)> QueryKeys(
        MetadataConnection c, string bucket, byte[] lower, bool inclusive, byte[] upper, int limit)
    {
        // The partial index over latest versions keeps older versions and their count out of listings entirely (without
        // statistics, the planner would otherwise pick the all-versions index and filter).
        var sql = inclusive
            ? "SELECT key, size, etag, last_modified, owner, checksum_algorithm, checksum_type, storage_class FROM objects INDEXED BY objects_latest WHERE bucket = $bucket AND key >= $lower AND key < $upper AND is_latest = 1 AND is_delete_marker = 0 ORDER BY key LIMIT $limit"
            : "SELECT key, size, etag, last_modified, owner, checksum_algorithm, checksum_type, storage_class FROM objects INDEXED BY objects_latest WHERE bucket = $bucket AND key > $lower AND key < $upper AND is_latest = 1 AND is_delete_marker = 0 ORDER BY key LIMIT $limit";
        using var r = c.Command(sql, ("$bucket", bucket), ("$lower", lower), ("$upper", upper), ("$limit", limit)).ExecuteReader();
        var rows = new List<(byte[], ObjectSummary)>(Math.Min(limit, 1024));
        while (r.Read())
        {
            var key = (byte[])r.GetValue(0);
            rows.Add((key, new ObjectSummary(Encoding.UTF8.GetString(key), r.GetInt64(1), r.GetString(2), FromUnixMs(r.GetInt64(3)),
                r.GetString(4), GetStringOrNull(r, 5), GetStringOrNull(r, 6), r.GetString(7))));
        }

        return rows;
    }

    /// <summary>The smallest byte string greater than every string that starts with <paramref name="prefix"/>; null
    /// when there is none (empty prefix or all 0xFF).</summary>
    internal static byte[]? Successor(ReadOnlySpan<byte> prefix)
    {
        var end = prefix.Length;
        while (end > 0 && prefix[end - 1] == 0xFF)
        {
            end--;
        }

        if (end == 0)
        {
            return null;
        }

        var next = prefix[..end].ToArray();
        next[^1]++;
        return next;
    }
}
