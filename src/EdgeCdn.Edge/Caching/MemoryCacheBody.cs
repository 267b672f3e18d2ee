using System.IO.Pipelines;

namespace EdgeCdn.Edge.Caching;

/// <summary>A body in memory: one exact-size array, or fixed-size chunks (all full but the last).</summary>
internal sealed class MemoryCacheBody : CacheBody
{
    private readonly byte[][] _chunks;
    private readonly int _chunkSize;
    private readonly long _length;

    public MemoryCacheBody(byte[][] chunks, int chunkSize, long length)
    {
        _chunks = chunks;
        _chunkSize = chunkSize;
        _length = length;
    }

    public static MemoryCacheBody Empty { get; } = new([], 1, 0);

    public static MemoryCacheBody FromArray(byte[] bytes) => new([bytes], Math.Max(1, bytes.Length), bytes.Length);

    public override long Length => _length;

    public override long MemoryBytes
    {
        get
        {
            long total = 0;
            foreach (var chunk in _chunks)
            {
                total += chunk.Length;
            }

            return total;
        }
    }

    public override bool TryGetSingleSegment(out ReadOnlyMemory<byte> memory)
    {
        if (_chunks.Length == 1)
        {
            memory = _chunks[0].AsMemory(0, (int)_length);
            return true;
        }

        if (_chunks.Length == 0)
        {
            memory = ReadOnlyMemory<byte>.Empty;
            return true;
        }

        memory = default;
        return false;
    }

    public override async ValueTask WriteToAsync(PipeWriter writer, long offset, long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var segment = Segment(offset, Math.Min(count, WriteSliceBytes));
            var result = await writer.WriteAsync(segment, cancellationToken);
            if (result.IsCanceled || result.IsCompleted)
            {
                return;
            }

            offset += segment.Length;
            count -= segment.Length;
        }
    }

    public override async ValueTask CopyToAsync(Stream destination, long offset, long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var segment = Segment(offset, count);
            await destination.WriteAsync(segment, cancellationToken);
            offset += segment.Length;
            count -= segment.Length;
        }
    }

    private ReadOnlyMemory<byte> Segment(long offset, long count)
    {
        var index = (int)(offset / _chunkSize);
        var start = (int)(offset % _chunkSize);
        var chunk = _chunks[index];
        var available = (int)Math.Min(Math.Min(chunk.Length - start, count), _length - offset);
        return chunk.AsMemory(start, available);
    }
}
