using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EdgeCdn.Origin.Encryption;

/// <summary>
/// The layout of an encrypted blob. A blob is self-describing, so that multipart parts and copies need nothing but
/// their own file:
/// <code>
/// header (80 bytes): "ECB1" | key source (1: master key, 2: customer key) | 3 reserved | chunk size (uint32 BE)
///                    | key fingerprint (8; zero for customer keys) | wrap nonce (12) | wrapped data key (32) | wrap tag (16)
/// chunk i:           AES-256-GCM(data key, nonce = 0x00000000 | i as uint64 BE) of chunk-size plaintext bytes (the last
///                    chunk shorter; an empty object has one empty chunk) | tag (16)
/// </code>
/// The data key is random per blob and wrapped with AES-256-GCM by the master key (SSE-S3) or the customer's key
/// (SSE-C); the wrap authenticates the first 20 header bytes. Every chunk authenticates the whole header, its index and
/// whether it is the last chunk, so chunks cannot be swapped between blobs, reordered, or cut off. Chunk i of an object
/// of plaintext size P sits at 80 + i × (chunk size + 16): a range read decrypts only the chunks it touches.
/// </summary>
internal static class BlobFormat
{
    public const int HeaderSize = 80;
    public const int TagSize = 16;
    public const int KeySize = 32;
    public const byte MasterKeySource = 1;
    public const byte CustomerKeySource = 2;
    private const int WrappedAad = 20;

    private static readonly byte[] Magic = "ECB1"u8.ToArray();

    /// <summary>Makes a header for a new blob: a fresh data key, wrapped by <paramref name="wrappingKey"/>.</summary>
    public static byte[] NewHeader(byte source, int chunkSize, ReadOnlySpan<byte> fingerprint, ReadOnlySpan<byte> wrappingKey, out byte[] dataKey)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        header[4] = source;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), (uint)chunkSize);
        fingerprint.CopyTo(header.AsSpan(12, 8));
        RandomNumberGenerator.Fill(header.AsSpan(20, 12));
        dataKey = RandomNumberGenerator.GetBytes(KeySize);
        using var wrap = new AesGcm(wrappingKey, TagSize);
        wrap.Encrypt(header.AsSpan(20, 12), dataKey, header.AsSpan(32, KeySize), header.AsSpan(64, TagSize), header.AsSpan(0, WrappedAad));
        return header;
    }

    /// <summary>Checks a header and unwraps its data key; null when the wrapping key is not the one it was made with.</summary>
    public static byte[]? Unwrap(ReadOnlySpan<byte> header, byte expectedSource, ReadOnlySpan<byte> fingerprint, ReadOnlySpan<byte> wrappingKey, out int chunkSize)
    {
        chunkSize = 0;
        if (header.Length < HeaderSize || !header[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException("The blob is not in EdgeCdn's encrypted format.");
        }

        if (header[4] != expectedSource)
        {
            throw new InvalidDataException("The blob is encrypted with a different kind of key than its metadata says.");
        }

        chunkSize = (int)BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
        if (!header.Slice(12, 8).SequenceEqual(fingerprint))
        {
            return null;
        }

        var dataKey = new byte[KeySize];
        try
        {
            using var wrap = new AesGcm(wrappingKey, TagSize);
            wrap.Decrypt(header.Slice(20, 12), header.Slice(32, KeySize), header.Slice(64, TagSize), dataKey, header[..WrappedAad]);
            return dataKey;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    public static long ChunkCount(long plaintextSize, int chunkSize) => Math.Max(1, (plaintextSize + chunkSize - 1) / chunkSize);

    public static long EncryptedSize(long plaintextSize, int chunkSize) => HeaderSize + plaintextSize + (ChunkCount(plaintextSize, chunkSize) * TagSize);

    public static void Nonce(Span<byte> nonce, long index)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], index);
    }

    /// <summary>Associated data of chunk <paramref name="index"/>: the header, the index and the last-chunk flag.</summary>
    public static void ChunkAad(Span<byte> aad, ReadOnlySpan<byte> header, long index, bool final)
    {
        header[..HeaderSize].CopyTo(aad);
        BinaryPrimitives.WriteInt64BigEndian(aad[HeaderSize..], index);
        aad[HeaderSize + 8] = final ? (byte)1 : (byte)0;
    }

    public const int AadSize = HeaderSize + 9;
}
