using EdgeCdn.Edge.Compression;

namespace EdgeCdn.Edge.Caching;

/// <summary>Compresses into a <see cref="FillBuffer"/>. Flushes from the copy loop are ignored (they would cost
/// compression ratio); <see cref="CompleteAsync"/> writes the final block.</summary>
internal sealed class CompressingSink : WriteOnlyStream
{
    private readonly Stream _compressor;

    public CompressingSink(FillBuffer buffer, string encoding)
    {
        _compressor = CompressingStream.Create(encoding, new FillBufferSink(buffer));
    }

    public override void Write(ReadOnlySpan<byte> buffer) => _compressor.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _compressor.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask CompleteAsync() => await _compressor.DisposeAsync();
}
