using EdgeCdn.Edge.Caching.Disk;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// The body of a response while it arrives from the origin: one writer appends, any number of readers
/// (<see cref="FillReader"/>) follow it (Varnish's read-while-writer), each waking as soon as bytes it has not sent
/// yet are there. A body up to the memory limit is kept in memory and becomes the stored
/// <see cref="MemoryCacheBody"/> without another copy; a larger one goes to a disk spool (from the start when its
/// length is announced, else by spilling what arrived so far) and readers read it back from the file — nothing
/// holds a large object in memory. If the spool fails (disk full), the rest stays in memory and the response is
/// served but not stored.
/// </summary>
internal sealed class FillBuffer
{
    public const int ChunkSize = 64 * 1024;

    private readonly long _limit;
    private readonly long _memoryLimit;
    private readonly bool _single;
    private Func<DiskSpool?>? _spoolFactory;
    private DiskSpool? _spool;
    private DiskCacheBody? _diskBody;
    private Segments _segments;
    private long _length;
    private int _state;
    private bool _uncacheable;
    private Exception? _error;
    private TaskCompletionSource _signal = NewSignal();

    /// <param name="expectedLength">Content-Length when the origin sent one: a body that fits memory is then one
    /// exact array.</param>
    /// <param name="limit">Most bytes accepted; a longer body fails the write.</param>
    /// <param name="memoryLimit">Most bytes kept in memory (default: <paramref name="limit"/>).</param>
    /// <param name="spool">A spool to write into from the first byte (announced length above the memory limit).</param>
    /// <param name="spoolFactory">Makes a spool when an unannounced body outgrows the memory limit.</param>
    public FillBuffer(long? expectedLength, long limit, long? memoryLimit = null, DiskSpool? spool = null, Func<DiskSpool?>? spoolFactory = null)
    {
        _limit = limit;
        _memoryLimit = Math.Min(memoryLimit ?? limit, limit);
        _spoolFactory = spoolFactory;
        if (spool is not null)
        {
            _spool = spool;
            _segments = new Segments([], 0, 0, spool.FileName, spool.BodyOffset);
        }
        else if (expectedLength is { } expected && expected <= _memoryLimit && expected <= Array.MaxLength)
        {
            _single = true;
            _segments = new Segments([expected == 0 ? [] : GC.AllocateUninitializedArray<byte>((int)expected, pinned: true)], 0, 0, null, 0);
        }
        else
        {
            _segments = new Segments([], 0, 0, null, 0);
        }
    }

    public long Length => Volatile.Read(ref _length);

    /// <summary>Complete and every byte in.</summary>
    public bool IsCompleted => Volatile.Read(ref _state) == 1;

    public bool IsFailed => Volatile.Read(ref _state) == 2;

    /// <summary>False when the spool failed: the body was served but must not be stored.</summary>
    public bool IsCacheable => !Volatile.Read(ref _uncacheable);

    /// <summary>Some of the body is in a file.</summary>
    public bool IsSpooled => Volatile.Read(ref _segments).FileName is not null;

    internal Segments Current => Volatile.Read(ref _segments);

    internal Task Signalled => Volatile.Read(ref _signal).Task;

    internal Exception? Error => _error;

    /// <summary>Appends bytes; false when they would go past the limit or past the announced length.</summary>
    public bool TryWrite(ReadOnlySpan<byte> data)
    {
        var length = _length;
        if (length + data.Length > _limit)
        {
            return false;
        }

        var segments = _segments;
        if (_single)
        {
            var array = segments.Chunks[0];
            if (length + data.Length > array.Length)
            {
                return false;
            }

            data.CopyTo(array.AsSpan((int)length));
        }
        else
        {
            // Past the memory limit (only reachable when a disk tier raised the limit above it): spill to a spool.
            if (_spool is null && segments.FileName is null && !_uncacheable && length + data.Length > _memoryLimit)
            {
                segments = Spill(length);
            }

            if (!TryWriteSpool(data, length, ref segments))
            {
                WriteMemory(data, length, ref segments);
            }
        }

        Volatile.Write(ref _length, length + data.Length);
        Signal();
        return true;
    }

    /// <summary>Marks the body complete. False when an announced length was not reached (a truncated body).</summary>
    public bool Complete()
    {
        if (_single && _length != _segments.Chunks[0].Length)
        {
            Fail(new IOException($"The origin sent {_length} of {_segments.Chunks[0].Length} announced bytes."));
            return false;
        }

        if (_spool is { } spool)
        {
            if (_uncacheable)
            {
                spool.Abandon();
            }
            else
            {
                try
                {
                    _diskBody = spool.Finish();
                }
                catch (IOException)
                {
                    Volatile.Write(ref _uncacheable, true);
                }
            }
        }

        Volatile.Write(ref _state, 1);
        Signal();
        return true;
    }

    public void Fail(Exception error)
    {
        _error = error;
        _spool?.Abandon();
        Volatile.Write(ref _state, 2);
        Signal();
    }

    /// <summary>A reader from <paramref name="position"/>; dispose it when done (it may hold the spool file open).</summary>
    public FillReader CreateReader(long position = 0) => new(this, position);

    /// <summary>Waits until the body is complete (or failed).</summary>
    public async Task WaitForCompletionAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Signalled;
            switch (Volatile.Read(ref _state))
            {
                case 1:
                    return;
                case 2:
                    throw new IOException("The origin response failed while it was being read.", _error);
            }

            await signal.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The completed body: in memory (a partly used last chunk trimmed to size), the spool's file, or —
    /// when a spool failed — one read back through this buffer.</summary>
    public CacheBody ToBody()
    {
        if (!IsCompleted)
        {
            throw new InvalidOperationException("The body is not complete.");
        }

        if (_diskBody is { } disk)
        {
            return disk;
        }

        var segments = _segments;
        if (segments.FileName is not null)
        {
            return new FillBufferBody(this);
        }

        var length = _length;
        if (_single)
        {
            return new MemoryCacheBody(segments.Chunks, Math.Max(1, segments.Chunks[0].Length), length);
        }

        if (length == 0)
        {
            return MemoryCacheBody.Empty;
        }

        var chunks = (byte[][])segments.Chunks.Clone();
        var lastLength = (int)(length - ((long)(chunks.Length - 1) * ChunkSize));
        if (lastLength < ChunkSize)
        {
            chunks[^1] = chunks[^1].AsSpan(0, lastLength).ToArray();
        }

        return new MemoryCacheBody(chunks, ChunkSize, length);
    }

    /// <summary>Memory bytes from <paramref name="position"/> to the end of its chunk (or of <paramref name="length"/>).</summary>
    internal ReadOnlyMemory<byte> Slice(Segments segments, long position, long length)
    {
        if (_single)
        {
            return segments.Chunks[0].AsMemory((int)position, (int)(length - position));
        }

        var relative = position - segments.MemoryStart;
        var index = (int)(relative / ChunkSize);
        var offset = (int)(relative % ChunkSize);
        var available = (int)Math.Min(ChunkSize - offset, length - position);
        return segments.Chunks[index].AsMemory(offset, available);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Moves what arrived so far into a new spool; readers switch to the file with the next state.</summary>
    private Segments Spill(long length)
    {
        var spool = _spoolFactory?.Invoke();
        _spoolFactory = null;
        if (spool is null)
        {
            Volatile.Write(ref _uncacheable, true);
            return _segments;
        }

        try
        {
            var segments = _segments;
            for (long position = 0; position < length;)
            {
                var chunk = Slice(segments, position, length);
                spool.Write(chunk.Span);
                position += chunk.Length;
            }
        }
        catch (IOException)
        {
            spool.Abandon();
            Volatile.Write(ref _uncacheable, true);
            return _segments;
        }

        _spool = spool;
        var spilled = new Segments([], length, length, spool.FileName, spool.BodyOffset);
        Volatile.Write(ref _segments, spilled);
        return spilled;
    }

    private bool TryWriteSpool(ReadOnlySpan<byte> data, long length, ref Segments segments)
    {
        if (_spool is not { } spool || _uncacheable)
        {
            return false;
        }

        try
        {
            spool.Write(data);
        }
        catch (IOException)
        {
            // Disk full mid-fill: what is in the file stays readable there, the rest goes to memory, nothing is stored.
            Volatile.Write(ref _uncacheable, true);
            segments = new Segments([], length, length, segments.FileName, segments.FileBodyOffset);
            Volatile.Write(ref _segments, segments);
            return false;
        }

        segments = new Segments([], length + data.Length, length + data.Length, segments.FileName, segments.FileBodyOffset);
        Volatile.Write(ref _segments, segments);
        return true;
    }

    private void WriteMemory(ReadOnlySpan<byte> data, long length, ref Segments segments)
    {
        var chunks = segments.Chunks;
        while (!data.IsEmpty)
        {
            var relative = length - segments.MemoryStart;
            var index = (int)(relative / ChunkSize);
            var offset = (int)(relative % ChunkSize);
            if (index == chunks.Length)
            {
                var grown = new byte[chunks.Length + 1][];
                Array.Copy(chunks, grown, chunks.Length);
                grown[index] = GC.AllocateUninitializedArray<byte>(ChunkSize, pinned: true);
                chunks = grown;
                segments = new Segments(chunks, segments.MemoryStart, segments.FileLength, segments.FileName, segments.FileBodyOffset);
                Volatile.Write(ref _segments, segments);
            }

            var n = Math.Min(ChunkSize - offset, data.Length);
            data[..n].CopyTo(chunks[index].AsSpan(offset));
            data = data[n..];
            length += n;
        }
    }

    private void Signal()
    {
        var previous = Interlocked.Exchange(ref _signal, NewSignal());
        previous.TrySetResult();
    }

    /// <summary>Where the bytes are: [0, FileLength) in the file, [MemoryStart, ...) in the chunks. Replaced, never
    /// changed, so a reader sees one consistent picture.</summary>
    internal sealed record Segments(byte[][] Chunks, long MemoryStart, long FileLength, string? FileName, long FileBodyOffset);
}
