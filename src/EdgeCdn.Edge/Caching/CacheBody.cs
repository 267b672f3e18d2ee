using System.IO.Pipelines;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// The bytes of a stored response, kept apart from its metadata so a store can hold them in memory or in a file of
/// the disk tier. Written to the viewer by range, straight from where they live: no whole-object copy.
/// </summary>
internal abstract class CacheBody
{
    /// <summary>
    /// Most bytes handed to a viewer's pipe per write (each write flushed): Kestrel copies what it is given into its
    /// pool's blocks before the socket takes it, so one 1 MiB write holds all of it per connection (and makes the pool
    /// allocate more under load), while 256 KiB slices keep fewer blocks in flight and the copy still warm in the
    /// cache when the socket reads it (1 MiB hits at 64 connections: about 205 -> 170 µs of CPU each).
    /// </summary>
    public const int WriteSliceBytes = 256 * 1024;

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
