namespace EdgeCdn.Edge.Caching;

/// <summary>
/// The body of a response while it arrives from the origin: one writer appends, any number of readers follow it
/// (Varnish's read-while-writer), each waking as soon as bytes it has not sent yet are there. When complete it
/// becomes the stored <see cref="MemoryCacheBody"/> without another copy of the data.
/// </summary>
internal sealed class FillBuffer
{
    public const int ChunkSize = 64 * 1024;

    private readonly bool _single;
    private readonly long _limit;
    private byte[][] _chunks;
    private long _length;
    private int _state;
    private Exception? _error;
    private TaskCompletionSource _signal = NewSignal();

    /// <param name="expectedLength">Content-Length when the origin sent one: the body is then one exact array.</param>
    /// <param name="limit">Most bytes accepted; a longer body fails the write.</param>
    public FillBuffer(long? expectedLength, long limit)
    {
        _limit = limit;
        if (expectedLength is { } expected && expected <= limit && expected <= Array.MaxLength)
        {
            _single = true;
            _chunks = [expected == 0 ? [] : GC.AllocateUninitializedArray<byte>((int)expected)];
        }
        else
        {
            _chunks = [];
        }
    }

    public long Length => Volatile.Read(ref _length);

    /// <summary>Complete and every byte in.</summary>
    public bool IsCompleted => Volatile.Read(ref _state) == 1;

    public bool IsFailed => Volatile.Read(ref _state) == 2;

    /// <summary>Appends bytes; false when they would go past the limit or past the announced length.</summary>
    public bool TryWrite(ReadOnlySpan<byte> data)
    {
        var length = _length;
        if (length + data.Length > _limit || (_single && length + data.Length > _chunks[0].Length))
        {
            return false;
        }

        if (_single)
        {
            data.CopyTo(_chunks[0].AsSpan((int)length));
            length += data.Length;
        }
        else
        {
            while (!data.IsEmpty)
            {
                var index = (int)(length / ChunkSize);
                var offset = (int)(length % ChunkSize);
                if (index == _chunks.Length)
                {
                    var grown = new byte[_chunks.Length + 1][];
                    Array.Copy(_chunks, grown, _chunks.Length);
                    grown[index] = GC.AllocateUninitializedArray<byte>(ChunkSize);
                    Volatile.Write(ref _chunks, grown);
                }

                var n = Math.Min(ChunkSize - offset, data.Length);
                data[..n].CopyTo(_chunks[index].AsSpan(offset));
                data = data[n..];
                length += n;
            }
        }

        Volatile.Write(ref _length, length);
        Signal();
        return true;
    }

    /// <summary>Marks the body complete. False when an announced length was not reached (a truncated body).</summary>
    public bool Complete()
    {
        if (_single && _length != _chunks[0].Length)
        {
            Fail(new IOException($"The origin sent {_length} of {_chunks[0].Length} announced bytes."));
            return false;
        }

        Volatile.Write(ref _state, 1);
        Signal();
        return true;
    }

    public void Fail(Exception error)
    {
        _error = error;
        Volatile.Write(ref _state, 2);
        Signal();
    }

    /// <summary>Bytes available from <paramref name="position"/> (up to a chunk end), waiting for them if needed;
    /// empty once the body is complete and <paramref name="position"/> is its end. Throws when the fill failed.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(long position, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _signal);
            var length = Length;
            if (position < length)
            {
                return Slice(position, length);
            }

            switch (Volatile.Read(ref _state))
            {
                case 1:
                    return ReadOnlyMemory<byte>.Empty;
                case 2:
                    throw new IOException("The origin response failed while it was being read.", _error);
            }

            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits until the body is complete (or failed).</summary>
    public async Task WaitForCompletionAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _signal);
            switch (Volatile.Read(ref _state))
            {
                case 1:
                    return;
                case 2:
                    throw new IOException("The origin response failed while it was being read.", _error);
            }

            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The completed body; a partly used last chunk is trimmed to size so no memory is wasted.</summary>
    public MemoryCacheBody ToBody()
    {
        if (!IsCompleted)
        {
            throw new InvalidOperationException("The body is not complete.");
        }

        var length = _length;
        if (_single)
        {
            return new MemoryCacheBody(_chunks, Math.Max(1, _chunks[0].Length), length);
        }

        if (length == 0)
        {
            return MemoryCacheBody.Empty;
        }

        var chunks = (byte[][])_chunks.Clone();
        var lastLength = (int)(length - ((long)(chunks.Length - 1) * ChunkSize));
        if (lastLength < ChunkSize)
        {
            chunks[^1] = chunks[^1].AsSpan(0, lastLength).ToArray();
        }

        return new MemoryCacheBody(chunks, ChunkSize, length);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ReadOnlyMemory<byte> Slice(long position, long length)
    {
        var chunks = Volatile.Read(ref _chunks);
        if (_single)
        {
            return chunks[0].AsMemory((int)position, (int)(length - position));
        }

        var index = (int)(position / ChunkSize);
        var offset = (int)(position % ChunkSize);
        var available = (int)Math.Min(ChunkSize - offset, length - position);
        return chunks[index].AsMemory(offset, available);
    }

    private void Signal()
    {
        var previous = Interlocked.Exchange(ref _signal, NewSignal());
        previous.TrySetResult();
    }
}
