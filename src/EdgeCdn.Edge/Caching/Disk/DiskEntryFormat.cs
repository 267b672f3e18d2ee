using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using EdgeCdn.Core.Checksums;
using Microsoft.Extensions.Primitives;

namespace EdgeCdn.Edge.Caching.Disk;

/// <summary>
/// The layout of a disk-tier file, written front to back and valid only once its trailer is in:
/// <code>
/// preamble  16 bytes  "EDGECDN" 0x01 | header length u32 | CRC-32C of the header u32
/// header    n bytes   version, key, path, distribution, epoch, freshness, status, validators, headers
/// body      m bytes
/// trailer   24 bytes  "EDGEEND" 0x01 | body length u64 | CRC-32C of the body u32 | CRC-32C of the header u32
/// </code>
/// A file is accepted when its length is exactly 16 + n + m + 24, both magics are there and the header's CRC
/// matches in the preamble and the trailer; a write cut short (process killed, disk full) lacks the trailer and is
/// discarded. The body's CRC is checked whenever a body is read whole. All integers little-endian.
/// </summary>
internal static class DiskEntryFormat
{
    public const int PreambleBytes = 16;
    public const int TrailerBytes = 24;
    public const string Extension = ".obj";

    private const byte Version = 1;
    private const int MaxHeaderBytes = 1024 * 1024;
    private static readonly byte[] PreambleMagic = "EDGECDN\u0001"u8.ToArray();
    private static readonly byte[] TrailerMagic = "EDGEEND\u0001"u8.ToArray();

    /// <summary>Preamble and header, ready to be written at the start of a file.</summary>
    public static byte[] EncodeHead(DiskEntryHeader header, out int headerLength, out uint headerCrc)
    {
        var writer = new ArrayBufferWriter<byte>(1024);
        writer.Write(new byte[PreambleBytes]);
        var w = new FieldWriter(writer);
        w.Byte(Version);
        w.String(header.Key);
        w.String(header.Path);
        w.String(header.DistributionId);
        w.Int32(header.Epoch);
        w.Int64(header.ResponseTimeTicks);
        w.Int64(header.InitialAgeTicks);
        w.Int64(header.Ttl.Ticks);
        w.Int64(header.StaleWhileRevalidate.Ticks);
        w.Int64(header.StaleIfError?.Ticks ?? -1);
        w.Byte(header.MustRevalidate ? (byte)1 : (byte)0);
        var meta = header.Meta;
        w.Int32(meta.StatusCode);
        w.String(meta.ETag);
        w.String(meta.OriginETag);
        w.String(meta.LastModifiedText);
        w.Byte(meta.CompressedByEdge ? (byte)1 : (byte)0);
        w.Int64(meta.LastModified?.UtcTicks ?? -1);
        w.String(meta.ContentType);
        w.String(meta.ContentEncoding);
        w.Int64(meta.ContentLength ?? -1);
        w.Int32(meta.Headers.Length);
        foreach (var (name, values) in meta.Headers)
        {
            w.String(name);
            w.Int32(values.Count);
            foreach (var value in values)
            {
                w.String(value);
            }
        }

        var bytes = writer.WrittenSpan.ToArray();
        headerLength = bytes.Length - PreambleBytes;
        headerCrc = Crc32C.Compute(bytes.AsSpan(PreambleBytes));
        PreambleMagic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), headerLength);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), headerCrc);
        return bytes;
    }

    public static byte[] EncodeTrailer(long bodyLength, uint bodyCrc, uint headerCrc)
    {
        var bytes = new byte[TrailerBytes];
        TrailerMagic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), bodyCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), headerCrc);
        return bytes;
    }

    /// <summary>Header length and CRC from a preamble; false when it is not one.</summary>
    public static bool TryReadPreamble(ReadOnlySpan<byte> preamble, out int headerLength, out uint headerCrc)
    {
        headerLength = 0;
        headerCrc = 0;
        if (preamble.Length < PreambleBytes || !preamble[..8].SequenceEqual(PreambleMagic))
        {
            return false;
        }

        headerLength = BinaryPrimitives.ReadInt32LittleEndian(preamble[8..]);
        headerCrc = BinaryPrimitives.ReadUInt32LittleEndian(preamble[12..]);
        return headerLength is > 0 and <= MaxHeaderBytes;
    }

    /// <summary>Body length and CRC from a trailer that belongs to a header with <paramref name="headerCrc"/>.</summary>
    public static bool TryReadTrailer(ReadOnlySpan<byte> trailer, uint headerCrc, out long bodyLength, out uint bodyCrc)
    {
        bodyLength = 0;
        bodyCrc = 0;
        if (trailer.Length < TrailerBytes || !trailer[..8].SequenceEqual(TrailerMagic) ||
            BinaryPrimitives.ReadUInt32LittleEndian(trailer[20..]) != headerCrc)
        {
            return false;
        }

        bodyLength = BinaryPrimitives.ReadInt64LittleEndian(trailer[8..]);
        bodyCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer[16..]);
        return bodyLength >= 0;
    }

    /// <summary>Parses a header whose CRC was checked; throws <see cref="InvalidDataException"/> when malformed.</summary>
    public static DiskEntryHeader DecodeHeader(ReadOnlySpan<byte> header)
    {
        var r = new FieldReader(header);
        if (r.Byte() != Version)
        {
            throw new InvalidDataException("Unknown disk entry version.");
        }

        var key = r.String() ?? throw new InvalidDataException("No key.");
        var path = r.String() ?? throw new InvalidDataException("No path.");
        var distribution = r.String() ?? throw new InvalidDataException("No distribution.");
        var epoch = r.Int32();
        var responseTime = r.Int64();
        var initialAge = r.Int64();
        var ttl = r.Int64();
        var swr = r.Int64();
        var sie = r.Int64();
        var mustRevalidate = r.Byte() == 1;
        var status = r.Int32();
        var etag = r.String();
        var originEtag = r.String();
        var lastModifiedText = r.String();
        var compressed = r.Byte() == 1;
        var lastModified = r.Int64();
        var contentType = r.String();
        var contentEncoding = r.String();
        var contentLength = r.Int64();
        var count = r.Int32();
        if (count is < 0 or > 10_000)
        {
            throw new InvalidDataException("Bad header count.");
        }

        var headers = new KeyValuePair<string, StringValues>[count];
        for (var i = 0; i < count; i++)
        {
            var name = r.String() ?? throw new InvalidDataException("No header name.");
            var values = r.Int32();
            if (values is < 0 or > 10_000)
            {
                throw new InvalidDataException("Bad header value count.");
            }

            var list = new string?[values];
            for (var v = 0; v < values; v++)
            {
                list[v] = r.String();
            }

            headers[i] = new(name, values == 1 ? new StringValues(list[0]) : new StringValues(list));
        }

        return new DiskEntryHeader
        {
            Key = key,
            Path = path,
            DistributionId = distribution,
            Epoch = epoch,
            ResponseTimeTicks = responseTime,
            InitialAgeTicks = initialAge,
            Ttl = TimeSpan.FromTicks(ttl),
            StaleWhileRevalidate = TimeSpan.FromTicks(swr),
            StaleIfError = sie < 0 ? null : TimeSpan.FromTicks(sie),
            MustRevalidate = mustRevalidate,
            Meta = new ResponseMeta
            {
                StatusCode = status,
                Headers = headers,
                ETag = etag,
                OriginETag = originEtag,
                LastModifiedText = lastModifiedText,
                CompressedByEdge = compressed,
                LastModified = lastModified < 0 ? null : new DateTimeOffset(lastModified, TimeSpan.Zero),
                ContentType = contentType,
                ContentEncoding = contentEncoding,
                ContentLength = contentLength < 0 ? null : contentLength,
            },
        };
    }

    private readonly ref struct FieldWriter(IBufferWriter<byte> writer)
    {
        public void Byte(byte value)
        {
            writer.GetSpan(1)[0] = value;
            writer.Advance(1);
        }

        public void Int32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), value);
            writer.Advance(4);
        }

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(8), value);
            writer.Advance(8);
        }

        public void String(string? value)
        {
            if (value is null)
            {
                Int32(-1);
                return;
            }

            var length = Encoding.UTF8.GetByteCount(value);
            Int32(length);
            var span = writer.GetSpan(length);
            Encoding.UTF8.GetBytes(value, span);
            writer.Advance(length);
        }
    }

    private ref struct FieldReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public byte Byte() => Take(1)[0];

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public string? String()
        {
            var length = Int32();
            if (length == -1)
            {
                return null;
            }

            if (length < 0)
            {
                throw new InvalidDataException("Bad string length.");
            }

            return Encoding.UTF8.GetString(Take(length));
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _data.Length - _position)
            {
                throw new InvalidDataException("The header ends early.");
            }

            var span = _data.Slice(_position, count);
            _position += count;
            return span;
        }
    }
}
