using System.Buffers;
using System.Security.Cryptography;
using EdgeCdn.Core.Checksums;
using EdgeCdn.Origin.Encryption;
using EdgeCdn.Origin.Payload;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Objects;

/// <summary>Streams a byte range of an object's plaintext (over its part blobs, decrypting as needed) to a response or
/// into a new blob, one buffer at a time. The caller holds a lease on the blobs.</summary>
internal static class ObjectDataReader
{
    private const int BufferSize = 256 * 1024;
    private const int ChunkBytes = 64 * 1024;
    private const int FlushBytes = 256 * 1024;

    /// <summary>Reads straight into the response's pipe (no intermediate buffer), flushing every
    /// <see cref="FlushBytes"/> so that Kestrel's back-pressure paces the file reads.</summary>
    public static async Task<long> WriteToResponseAsync(BlobOpener open, ObjectRecord obj, long start, long length, HttpResponse response, CancellationToken cancellationToken)
    {
        var writer = response.BodyWriter;
        var position = start;
        var remaining = length;
        var unflushed = 0;
        foreach (var (blobId, offset, size) in obj.Segments)
        {
            if (remaining == 0)
            {
                break;
            }

            if (offset + size <= position)
            {
                continue;
            }

            using var reader = open(blobId, size);
            var blobOffset = position - offset;
            var take = Math.Min(size - blobOffset, remaining);
            while (take > 0)
            {
                var memory = writer.GetMemory((int)Math.Min(ChunkBytes, take));
                var want = (int)Math.Min(memory.Length, take);
                var n = reader.Read(blobOffset, memory.Span[..want]);
                if (n == 0)
                {
                    throw new IOException($"Blob {blobId} is shorter than its metadata says.");
                }

                writer.Advance(n);
                blobOffset += n;
                take -= n;
                remaining -= n;
                position += n;
                unflushed += n;
                // Kestrel keeps what is written before the headers go out in a side buffer and copies it over when they
                // do, so the first chunk is flushed at once: a small body still leaves with its headers in one send, a
                // large one does not pass through that buffer, and a first chunk that fails to read or decrypt still
                // gets an S3 error response rather than a cut-off 200.
                if (unflushed >= FlushBytes || remaining == 0 || !response.HasStarted)
                {
                    unflushed = 0;
                    var flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    if (flushed.IsCanceled || flushed.IsCompleted)
                    {
                        return length - remaining;
                    }
                }
            }
        }

        if (remaining > 0)
        {
            throw new IOException($"The parts of an object in {obj.Bucket} hold fewer bytes than its size.");
        }

        return length;
    }

    /// <summary>Copies a range into <paramref name="destination"/> computing its MD5 and, when asked, a checksum.</summary>
    public static async Task<PayloadDigest> CopyAsync(
        BlobOpener open, ObjectRecord obj, long start, long length, Stream destination, ChecksumAlgorithm? checksumAlgorithm, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var checksum = checksumAlgorithm is { } a ? PayloadChecksum.Create(a) : null;
        await ReadAsync(open, obj, start, length, chunk =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            md5.AppendData(chunk.Span);
            checksum?.Append(chunk.Span);
            destination.Write(chunk.Span);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        return new PayloadDigest(length, md5.GetHashAndReset(),
            checksum is null ? null : new StoredChecksum(checksum.Algorithm, checksum.GetBase64(), StoredChecksum.FullObject));
    }

    private static async Task ReadAsync(BlobOpener open, ObjectRecord obj, long start, long length, Func<ReadOnlyMemory<byte>, ValueTask> sink)
    {
        if (length == 0)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var position = start;
            var remaining = length;
            foreach (var (blobId, offset, size) in obj.Segments)
            {
                if (remaining == 0)
                {
                    break;
                }

                if (offset + size <= position)
                {
                    continue;
                }

                using var reader = open(blobId, size);
                var blobOffset = position - offset;
                var take = Math.Min(size - blobOffset, remaining);
                while (take > 0)
                {
                    var want = (int)Math.Min(BufferSize, take);
                    var n = reader.Read(blobOffset, buffer.AsSpan(0, want));
                    if (n == 0)
                    {
                        throw new IOException($"Blob {blobId} is shorter than its metadata says.");
                    }

                    await sink(buffer.AsMemory(0, n)).ConfigureAwait(false);
                    blobOffset += n;
                    take -= n;
                    remaining -= n;
                    position += n;
                }
            }

            if (remaining > 0)
            {
                throw new IOException($"The parts of an object in {obj.Bucket} hold fewer bytes than its size.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
