using System.IO.Pipelines;

namespace EdgeCdn.Edge.Caching.Replay;

/// <summary>A body of a replayed object: its size is charged, no memory is held; read, it is zeros.</summary>
internal sealed class ReplayBody(long length) : CacheBody
{
    private static readonly ReadOnlyMemory<byte> Zeros = new byte[64 * 1024];

    public override long Length => length;

    public override long MemoryBytes => length;

    public override async ValueTask WriteToAsync(PipeWriter writer, long offset, long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var n = (int)Math.Min(count, Zeros.Length);
            await writer.WriteAsync(Zeros[..n], cancellationToken);
            count -= n;
        }
    }

    public override async ValueTask CopyToAsync(Stream destination, long offset, long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var n = (int)Math.Min(count, Zeros.Length);
            await destination.WriteAsync(Zeros[..n], cancellationToken);
            count -= n;
        }
    }
}
