using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using EdgeCdn.Edge.Caching.Memory;

namespace EdgeCdn.Edge.Caching.Replay;

/// <summary>Reads and writes cache traces: CSV "timestamp,key,size" and libCacheSim's oracleGeneral binary.</summary>
public static class TraceFiles
{
    /// <summary>Bytes per oracleGeneral record: uint32 timestamp, uint64 id, uint32 size, int64 next access.</summary>
    public const int OracleRecordBytes = 24;

    /// <summary>The format a file name suggests: .csv (or .txt) is CSV, anything else oracleGeneral.</summary>
    public static TraceFormat GuessFormat(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
            ? TraceFormat.Csv
            : TraceFormat.OracleGeneral;

    /// <summary>The requests of a trace file, read as they are enumerated. A malformed CSV line throws
    /// <see cref="InvalidDataException"/> naming its line; a first line that is not numeric is taken for a header.</summary>
    public static IEnumerable<TraceRequest> Read(string path, TraceFormat format) =>
        format == TraceFormat.Csv ? ReadCsv(path) : ReadOracle(path);

    public static void Write(string path, IEnumerable<TraceRequest> requests, TraceFormat format)
    {
        if (format == TraceFormat.Csv)
        {
            using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
            writer.Write("timestamp,key,size\n");
            foreach (var r in requests)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{r.Timestamp},{r.ObjectId},{r.Size}\n"));
            }

            return;
        }

        // Next-access times need the future: keep the ids, then fill them in walking backwards.
        var list = requests.ToList();
        var next = new long[list.Count];
        var seen = new Dictionary<ulong, long>();
        for (var i = list.Count - 1; i >= 0; i--)
        {
            next[i] = seen.TryGetValue(list[i].ObjectId, out var later) ? later : -1;
            seen[list[i].ObjectId] = i;
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Span<byte> record = stackalloc byte[OracleRecordBytes];
        for (var i = 0; i < list.Count; i++)
        {
            var r = list[i];
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)Math.Clamp(r.Timestamp, 0, uint.MaxValue));
            BinaryPrimitives.WriteUInt64LittleEndian(record[4..], r.ObjectId);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)Math.Clamp(r.Size, 0, uint.MaxValue));
            BinaryPrimitives.WriteInt64LittleEndian(record[16..], next[i]);
            stream.Write(record);
        }
    }

    private static IEnumerable<TraceRequest> ReadOracle(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[OracleRecordBytes * 43690];
        var filled = 0;
        while (true)
        {
            var n = stream.Read(buffer, filled, buffer.Length - filled);
            filled += n;
            var records = filled / OracleRecordBytes;
            for (var i = 0; i < records; i++)
            {
                var record = buffer.AsSpan(i * OracleRecordBytes, OracleRecordBytes);
                yield return new TraceRequest(
                    BinaryPrimitives.ReadUInt32LittleEndian(record),
                    BinaryPrimitives.ReadUInt64LittleEndian(record[4..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(record[12..]));
            }

            var rest = filled - (records * OracleRecordBytes);
            Buffer.BlockCopy(buffer, records * OracleRecordBytes, buffer, 0, rest);
            filled = rest;
            if (n == 0)
            {
                if (rest != 0)
                {
                    throw new InvalidDataException($"{path}: {rest} bytes after the last whole {OracleRecordBytes}-byte record.");
                }

                yield break;
            }
        }
    }

    private static IEnumerable<TraceRequest> ReadCsv(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (TryParseCsv(line, out var request))
            {
                yield return request;
            }
            else if (lineNumber != 1)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected 'timestamp,key,size', got '{line}'.");
            }
        }
    }

    internal static bool TryParseCsv(ReadOnlySpan<char> line, out TraceRequest request)
    {
        request = default;
        var first = line.IndexOf(',');
        var last = line.LastIndexOf(',');
        if (first <= 0 || last <= first + 1)
        {
            return false;
        }

        var key = line[(first + 1)..last].Trim();
        if (!long.TryParse(line[..first].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var timestamp) &&
            !double.TryParse(line[..first].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        if (!long.TryParse(line[(last + 1)..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) || size < 0)
        {
            return false;
        }

        var id = ulong.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric) ? numeric : KeyHash.Of(key);
        request = new TraceRequest(timestamp, id, size);
        return true;
    }
}
