using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace EdgeCdn.Edge.Hosting;

/// <summary>
/// Kestrel's connection buffers (<see cref="IMemoryPoolFactory{T}"/>) in pinned blocks of
/// <c>Edge:ConnectionBuffers:BlockBytes</c> instead of its default 4 KiB. Every response body passes through these
/// blocks on its way to the socket, so a 1 MiB hit in 4 KiB blocks costs 256 segments, rents and sends'
/// bookkeeping; in 32 KiB blocks, 32 (measured: about a third less CPU per 1 MiB hit). Idle keep-alive connections hold
/// none (Kestrel waits for data before it takes a block). Returned blocks are kept for reuse up to
/// <c>MaxRetainedBytes</c>; beyond that they go back to the GC, so a burst does not pin its peak forever.
/// </summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    private readonly int _blockBytes;
    private readonly long _maxRetainedBytes;

    public LargeBlockMemoryPoolFactory(int blockBytes, long maxRetainedBytes)
    {
        _blockBytes = blockBytes;
        _maxRetainedBytes = maxRetainedBytes;
    }

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool(_blockBytes, _maxRetainedBytes);
}

/// <summary>Pinned blocks of one size. Like Kestrel's own pool, an owner must be disposed exactly once.</summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    private readonly ConcurrentQueue<Block> _free = new();
    private readonly int _blockBytes;
    private readonly int _maxRetainedBlocks;
    private int _freeCount;
    private volatile bool _disposed;

    public LargeBlockMemoryPool(int blockBytes, long maxRetainedBytes)
    {
        _blockBytes = blockBytes;
        _maxRetainedBlocks = (int)Math.Min(int.MaxValue, maxRetainedBytes / blockBytes);
    }

    public override int MaxBufferSize => _blockBytes;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, _blockBytes);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _freeCount);
        }
        else
        {
            block = new Block(this, GC.AllocateUninitializedArray<byte>(_blockBytes, pinned: true));
        }

        Volatile.Write(ref block.Leased, 1);
        return block;
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _free.Clear();
    }

    private void Return(Block block)
    {
        if (_disposed || Interlocked.Increment(ref _freeCount) > _maxRetainedBlocks)
        {
            if (!_disposed)
            {
                Interlocked.Decrement(ref _freeCount);
            }

            return;
        }

        _free.Enqueue(block);
    }

    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly LargeBlockMemoryPool _pool;
        private readonly byte[] _array;

        public Block(LargeBlockMemoryPool pool, byte[] array)
        {
            _pool = pool;
            _array = array;
        }

        /// <summary>1 while rented; a second Dispose of the same lease is ignored rather than returning the block twice.</summary>
        public int Leased;

        public Memory<byte> Memory => _array;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref Leased, 0) == 1)
            {
                _pool.Return(this);
            }
        }
    }
}
