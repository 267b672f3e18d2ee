namespace EdgeCdn.Edge.Caching;

/// <summary>Appends to a <see cref="FillBuffer"/>; a body over the limit fails the copy.</summary>
internal sealed class FillBufferSink : WriteOnlyStream
{
    private readonly FillBuffer _buffer;

    public FillBufferSink(FillBuffer buffer)
    {
        _buffer = buffer;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!_buffer.TryWrite(buffer))
        {
            throw new IOException("The response body is longer than announced or than the cache's object limit.");
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }
}
