using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// One reader of a <see cref="FillBuffer"/>: returns the next bytes as they become available, from memory or from
/// the fill's spool file (through its own handle, into its own block). The memory returned is valid until the next
/// call. Dispose to close the file and return the block.
/// </summary>
internal sealed class FillReader : IDisposable
{
    private const int BlockBytes = 128 * 1024;

    private readonly FillBuffer _buffer;
    private SafeFileHandle? _file;
    private byte[]? _block;

    public FillReader(FillBuffer buffer, long position)
    {
        _buffer = buffer;
        Position = position;
    }

    public long Position { get; private set; }

    /// <summary>The next bytes, waiting for them if needed; empty at the end of a complete body. Throws
    /// <see cref="IOException"/> when the fill failed.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = _buffer.Signalled;
            var length = _buffer.Length;
            if (Position < length)
            {
                var segments = _buffer.Current;
                if (Position < segments.FileLength)
                {
                    return await ReadFileAsync(segments, Math.Min(length, segments.FileLength), cancellationToken);
                }

                if (Position >= segments.MemoryStart)
                {
                    var slice = _buffer.Slice(segments, Position, length);
                    Position += slice.Length;
                    return slice;
                }
            }
            else if (_buffer.IsCompleted)
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            if (_buffer.IsFailed)
            {
                throw new IOException("The origin response failed while it was being read.", _buffer.Error);
            }

            await signal.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _file?.Dispose();
        if (_block is not null)
        {
            ArrayPool<byte>.Shared.Return(_block);
            _block = null;
        }
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadFileAsync(FillBuffer.Segments segments, long end, CancellationToken cancellationToken)
    {
        _file ??= File.OpenHandle(segments.FileName!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        _block ??= ArrayPool<byte>.Shared.Rent(BlockBytes);
        var want = (int)Math.Min(_block.Length, end - Position);
        var read = await RandomAccess.ReadAsync(_file, _block.AsMemory(0, want), segments.FileBodyOffset + Position, cancellationToken);
        if (read == 0)
        {
            throw new IOException($"The fill's spool file {segments.FileName} ends early.");
        }

        Position += read;
        return _block.AsMemory(0, read);
    }
}
