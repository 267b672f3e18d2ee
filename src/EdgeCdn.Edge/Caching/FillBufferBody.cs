using System.IO.Pipelines;

namespace EdgeCdn.Edge.Caching;

/// <summary>A completed fill's body read back through the fill (a body partly in a spool file that is not stored).</summary>
internal sealed class FillBufferBody(FillBuffer buffer) : CacheBody
{
    public override long Length => buffer.Length;

    public override long MemoryBytes => 0;

    public override async ValueTask WriteToAsync(PipeWriter writer, long offset, long count, CancellationToken cancellationToken)
    {
        using var reader = buffer.CreateReader(offset);
        while (count > 0)
        {
            var chunk = await reader.ReadAsync(cancellationToken);
            if (chunk.IsEmpty)
            {
                throw new IOException("The fill's body is shorter than asked.");
            }

            chunk = chunk[..(int)Math.Min(chunk.Length, count)];
            var result = await writer.WriteAsync(chunk, cancellationToken);
            count -= chunk.Length;
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    public override async ValueTask CopyToAsync(Stream destination, long offset, long count, CancellationToken cancellationToken)
    {
        using var reader = buffer.CreateReader(offset);
        while (count > 0)
        {
            var chunk = await reader.ReadAsync(cancellationToken);
            if (chunk.IsEmpty)
            {
                throw new IOException("The fill's body is shorter than asked.");
            }

            chunk = chunk[..(int)Math.Min(chunk.Length, count)];
            await destination.WriteAsync(chunk, cancellationToken);
            count -= chunk.Length;
        }
    }
}
