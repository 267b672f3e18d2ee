using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;

namespace EdgeCdn.Edge.Caching.Disk;

/// <summary>A body in a disk-tier file: where it is, how long, its CRC. Opened per response (<see cref="OpenAsync"/>).</summary>
internal sealed class DiskCacheBody : CacheBody
{
    private readonly DiskTier? _tier;

    public DiskCacheBody(DiskTier? tier, DiskRecord record)
    {
        _tier = tier;
        Record = record;
    }

    /// <summary>The file's record; not yet <see cref="DiskRecord.Live"/> while a spooled fill awaits its commit.</summary>
    public DiskRecord Record { get; }

    public override long Length => Record.BodyLength;

    public override long MemoryBytes => 0;

    public override bool IsOnDisk => true;

    public override ValueTask<CacheBody> OpenAsync(CancellationToken cancellationToken)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(Record.FileName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _tier?.Unreadable(Record, ex, corrupt: false);
            throw new CacheBodyUnavailableException($"Cannot open {Record.FileName}.", ex);
        }

        return ValueTask.FromResult<CacheBody>(new OpenDiskBody(this, handle));
    }

    public override async ValueTask WriteToAsync(PipeWriter writer, long offset, long count, CancellationToken cancellationToken)
    {
        using var opened = (OpenDiskBody)await OpenAsync(cancellationToken);
        await opened.WriteToAsync(writer, offset, count, cancellationToken);
    }

    public override async ValueTask CopyToAsync(Stream destination, long offset, long count, CancellationToken cancellationToken)
    {
        using var opened = (OpenDiskBody)await OpenAsync(cancellationToken);
        await opened.CopyToAsync(destination, offset, count, cancellationToken);
    }

    internal void Corrupt(string reason) => _tier?.Unreadable(Record, new InvalidDataException(reason), corrupt: true);
}
