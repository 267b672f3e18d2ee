using System.Security.Cryptography;
using EdgeCdn.Origin.Encryption;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Origin.Tests.Encryption;

/// <summary>The encrypted blob format on its own: every size around chunk boundaries round-trips at any read position,
/// the file is exactly header + data + one tag per chunk, and truncation, reordering, tampering and the wrong key are
/// errors, never data.</summary>
public sealed class BlobFormatTests : IDisposable
{
    private const int Chunk = 1024;
    private static readonly byte[] MasterKey = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Fingerprint = SHA256.HashData(MasterKey)[..8];
    private readonly TempDirectory _directory = new("edgecdn-blobformat");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData(3 * Chunk)]
    [InlineData(10_000)]
    public void RoundTrip_AnySize_AnyPosition(int size)
    {
        var data = GeneratedStream.Bytes(size, size);
        var path = Write(data, writeSizes: [1, 7, Chunk, 3000]);

        Assert.Equal(BlobFormat.EncryptedSize(size, Chunk), new FileInfo(path).Length);
        if (size >= 16)
        {
            Assert.Equal(-1, File.ReadAllBytes(path).AsSpan().IndexOf(data.AsSpan(0, 16)));
        }

        using var reader = Open(path, size);
        Assert.Equal(data, ReadAll(reader, size, 0, 333));

        // Buffers that hold a whole chunk take the in-place path at chunk boundaries (how GET streams a response).
        Assert.Equal(data, ReadAll(reader, size, 0, 4 * Chunk));
        Assert.Equal(data, ReadAll(reader, size, 0, Chunk));
        if (size > 10)
        {
            Assert.Equal(data[10..], ReadAll(reader, size, 10, 2 * Chunk));
        }
        var random = new Random(size);
        for (var n = 0; n < 20 && size > 0; n++)
        {
            var start = random.Next(size);
            var length = Math.Min(size - start, random.Next(1, 2 * Chunk));
            Assert.Equal(data[start..(start + length)], ReadAll(reader, start + length, start, 97));
        }
    }

    [Fact]
    public void TruncatedAtAChunkBoundary_FailsAuthentication()
    {
        var data = GeneratedStream.Bytes(3 * Chunk, 3);
        var path = Write(data, [Chunk]);
        var bytes = File.ReadAllBytes(path);

        // Drop the last chunk and claim the object was two chunks long: the second chunk was not sealed as the last.
        File.WriteAllBytes(path, bytes[..(BlobFormat.HeaderSize + (2 * (Chunk + BlobFormat.TagSize)))]);
        using var reader = Open(path, 2 * Chunk);

        Assert.Equal(data[..Chunk], ReadAll(reader, Chunk, 0, Chunk));
        Assert.Throws<InvalidDataException>(() => reader.Read(Chunk, new byte[10]));
    }

    [Fact]
    public void SwappedChunks_AndFlippedBits_FailAuthentication()
    {
        var path = Write(GeneratedStream.Bytes(2 * Chunk + 10, 4), [Chunk]);
        var bytes = File.ReadAllBytes(path);
        var first = bytes.AsSpan(BlobFormat.HeaderSize, Chunk + BlobFormat.TagSize).ToArray();
        bytes.AsSpan(BlobFormat.HeaderSize + Chunk + BlobFormat.TagSize, Chunk + BlobFormat.TagSize).CopyTo(bytes.AsSpan(BlobFormat.HeaderSize));
        first.CopyTo(bytes.AsSpan(BlobFormat.HeaderSize + Chunk + BlobFormat.TagSize));
        File.WriteAllBytes(path, bytes);
        using var swapped = Open(path, 2 * Chunk + 10);

        Assert.Throws<InvalidDataException>(() => swapped.Read(0, new byte[10]));
        var whole = new byte[4 * Chunk];
        Assert.Throws<InvalidDataException>(() => swapped.Read(0, whole));
        Assert.Throws<InvalidDataException>(() => swapped.Read(Chunk, whole));

        // A flipped bit in the last (short) chunk fails too, read in place or through the chunk buffer.
        var flippedPath = Write(GeneratedStream.Bytes(2 * Chunk + 10, 6), [Chunk]);
        var flipped = File.ReadAllBytes(flippedPath);
        flipped[BlobFormat.HeaderSize + (2 * (Chunk + BlobFormat.TagSize)) + 3] ^= 0x40;
        File.WriteAllBytes(flippedPath, flipped);
        using var damaged = Open(flippedPath, 2 * Chunk + 10);
        Assert.Equal(Chunk, damaged.Read(0, whole));
        Assert.Throws<InvalidDataException>(() => damaged.Read(2 * Chunk, whole));
        Assert.Throws<InvalidDataException>(() => damaged.Read(2 * Chunk + 1, new byte[4]));
    }

    [Fact]
    public void WrongWrappingKey_DoesNotUnwrap()
    {
        var path = Write(GeneratedStream.Bytes(100, 5), [100]);
        var header = File.ReadAllBytes(path)[..BlobFormat.HeaderSize];

        Assert.NotNull(BlobFormat.Unwrap(header, BlobFormat.MasterKeySource, Fingerprint, MasterKey, out _));
        Assert.Null(BlobFormat.Unwrap(header, BlobFormat.MasterKeySource, new byte[8], MasterKey, out _));
        Assert.Null(BlobFormat.Unwrap(header, BlobFormat.MasterKeySource, Fingerprint, RandomNumberGenerator.GetBytes(32), out _));
        Assert.Throws<InvalidDataException>(() => BlobFormat.Unwrap(header, BlobFormat.CustomerKeySource, Fingerprint, MasterKey, out _));
    }

    private string Write(byte[] data, int[] writeSizes)
    {
        var path = _directory.Combine(Guid.NewGuid().ToString("N"));
        using var file = File.Create(path);
        var header = BlobFormat.NewHeader(BlobFormat.MasterKeySource, Chunk, Fingerprint, MasterKey, out var dataKey);
        using (var encrypting = new EncryptingStream(file, header, dataKey, Chunk))
        {
            var offset = 0;
            for (var i = 0; offset < data.Length; i++)
            {
                var n = Math.Min(writeSizes[i % writeSizes.Length], data.Length - offset);
                encrypting.Write(data, offset, n);
                offset += n;
            }

            encrypting.Complete();
        }

        return path;
    }

    private static DecryptingBlobReader Open(string path, long size)
    {
        var handle = File.OpenHandle(path);
        var header = new byte[BlobFormat.HeaderSize];
        RandomAccess.Read(handle, header, 0);
        var key = BlobFormat.Unwrap(header, BlobFormat.MasterKeySource, Fingerprint, MasterKey, out var chunk)!;
        return new DecryptingBlobReader(handle, header, key, chunk, size);
    }

    private static byte[] ReadAll(BlobDataReader reader, long end, long start, int bufferSize)
    {
        using var output = new MemoryStream();
        var buffer = new byte[bufferSize];
        var position = start;
        while (position < end)
        {
            var n = reader.Read(position, buffer.AsSpan(0, (int)Math.Min(bufferSize, end - position)));
            Assert.True(n > 0);
            output.Write(buffer, 0, n);
            position += n;
        }

        return output.ToArray();
    }
}
