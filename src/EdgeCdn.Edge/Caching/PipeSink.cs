using System.IO.Pipelines;

namespace EdgeCdn.Edge.Caching;

/// <summary>Writes a pass-through body into the pipe its one viewer reads; stops the copy when that viewer is gone.</summary>
internal sealed class PipeSink : WriteOnlyStream
{
    private readonly PipeWriter _writer;

    public PipeSink(PipeWriter writer)
    {
        _writer = writer;
    }

    public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var result = await _writer.WriteAsync(buffer, cancellationToken);
        if (result.IsCompleted || result.IsCanceled)
        {
            throw new OperationCanceledException("The viewer of this pass-through response is gone.");
        }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        var result = await _writer.FlushAsync(cancellationToken);
        if (result.IsCompleted || result.IsCanceled)
        {
            throw new OperationCanceledException("The viewer of this pass-through response is gone.");
        }
    }
}
