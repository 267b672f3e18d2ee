using System.IO.Pipelines;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// The bytes of a stored response, kept apart from its metadata so a store can hold them in memory or in a file of
/// the disk tier. Written to the viewer by range, straight from where they live: no whole-object copy.
/// </summary>
internal abstract class CacheBody
{
    public abstract long Length { get; }

    /// <summary>In a file: must be opened (<see cref="OpenAsync"/>) before a response is written from it.</summary>
    public virtual bool IsOnDisk => false;

    /// <summary>The body to write one response from: itself in memory; for a file, the file opened once, readable
    /// until disposed even if the entry is evicted meanwhile. Throws <see cref="CacheBodyUnavailableException"/>
    /// when the file cannot be opened.</summary>
    public virtual ValueTask<CacheBody> OpenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(this);

    /// <summary>Bytes of memory this body occupies (0 for a body on disk).</summary>
    public abstract long MemoryBytes { get; }

    /// <summary>Writes bytes [offset, offset + count) to <paramref name="writer"/>, flushing as it goes.</summary>
    public abstract ValueTask WriteToAsync(PipeWriter writer, long offset, long count, CancellationToken cancellationToken);

    /// <summary>The whole body as one block of memory, when it is stored that way (the small-object hit path).</summary>
    public virtual bool TryGetSingleSegment(out ReadOnlyMemory<byte> memory)
    {
        memory = default;
        return false;
    }

    /// <summary>Copies bytes [offset, offset + count) into <paramref name="destination"/> (compression of stored
    /// bodies, tests).</summary>
    public abstract ValueTask CopyToAsync(Stream destination, long offset, long count, CancellationToken cancellationToken);
}
