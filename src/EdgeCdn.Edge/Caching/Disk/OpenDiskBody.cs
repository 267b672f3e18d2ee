using System.Buffers;
using System.IO.Pipelines;
using EdgeCdn.Core.Checksums;
using Microsoft.Win32.SafeHandles;

namespace EdgeCdn.Edge.Caching.Disk;

/// <summary>
/// A disk body opened for one response: reads exactly the bytes asked for, in blocks, from one file handle. A read
/// of the whole body checks its CRC-32C and holds its last block back until the check passes, so a corrupted body is
/// never delivered complete (the connection is aborted instead and the entry dropped).
/// </summary>
internal sealed class OpenDiskBody : CacheBody, IDisposable
{
    private const int BlockBytes = 128 * 1024;

    private readonly DiskCacheBody _source;
    private readonly SafeFileHandle _handle;

    public OpenDiskBody(DiskCacheBody source, SafeFileHandle handle)
    {
        _source = source;
        _handle = handle;
    }

    public override long Length => _source.Length;

    public override long MemoryBytes => 0;

    public override ValueTask WriteToAsync(PipeWriter writer, long offset, long count, CancellationToken cancellationToken) =>
        CopyAsync(static (state, block, token) => WriteToPipeAsync((PipeWriter)state, block, token), writer, offset, count, cancellationToken);

    public override ValueTask CopyToAsync(Stream destination, long offset, long count, CancellationToken cancellationToken) =>
        CopyAsync(static async (state, block, token) =>
        {
            await ((Stream)state).WriteAsync(block, token);
            return true;
        }, destination, offset, count, cancellationToken);

    public void Dispose() => _handle.Dispose();

    private static async ValueTask<bool> WriteToPipeAsync(PipeWriter writer, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        var result = await writer.WriteAsync(block, cancellationToken);
        return !result.IsCompleted && !result.IsCanceled;
    }

    private async ValueTask CopyAsync(Func<object, ReadOnlyMemory<byte>, CancellationToken, ValueTask<bool>> write, object state, long offset, long count,
        CancellationToken cancellationToken)
    {
        var record = _source.Record;
        var verify = offset == 0 && count == record.BodyLength && count > 0;
        var crc = Crc32.Initial;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(BlockBytes, Math.Max(count, 1)));
        try
        {
            while (count > 0)
            {
                var want = (int)Math.Min(buffer.Length, count);
                var read = 0;
                while (read < want)
                {
                    var n = await RandomAccess.ReadAsync(_handle, buffer.AsMemory(read, want - read), record.BodyOffset + offset + read, cancellationToken);
                    if (n == 0)
                    {
                        _source.Corrupt("the file ends before its body does");
                        throw new IOException($"{record.FileName} is shorter than its body.");
                    }

                    read += n;
                }

                if (verify)
                {
                    crc = Crc32C.Update(crc, buffer.AsSpan(0, read));
                    if (read == count && Crc32.Final(crc) != record.BodyCrc)
                    {
                        _source.Corrupt("the body's CRC does not match");
                        throw new IOException($"{record.FileName}: the body's CRC does not match; the response was cut short.");
                    }
                }

                if (!await write(state, buffer.AsMemory(0, read), cancellationToken))
                {
                    return;
                }

                offset += read;
                count -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
