using EdgeCdn.Core.Checksums;
using Microsoft.Win32.SafeHandles;

namespace EdgeCdn.Edge.Caching.Disk;

/// <summary>
/// The file a fill writes its body into when the body is too large for memory: preamble and header first, the body
/// as it arrives (readers of the fill read it back from the file), the trailer last. Until <see cref="Finish"/>
/// has written the trailer the file is not a valid entry; a process killed mid-fill leaves a file the next start
/// discards. Single writer.
/// </summary>
internal sealed class DiskSpool
{
    private readonly DiskTier _tier;
    private readonly SafeFileHandle _handle;
    private readonly DiskEntryHeader _header;
    private readonly int _headerLength;
    private readonly uint _headerCrc;
    private uint _crc = Crc32.Initial;
    private long _written;
    private bool _closed;

    public DiskSpool(DiskTier tier, string fileName, long sequence, SafeFileHandle handle, DiskEntryHeader header, int headerLength, uint headerCrc)
    {
        _tier = tier;
        FileName = fileName;
        Sequence = sequence;
        _handle = handle;
        _header = header;
        _headerLength = headerLength;
        _headerCrc = headerCrc;
    }

    public string FileName { get; }

    public long Sequence { get; }

    public long BodyOffset => DiskEntryFormat.PreambleBytes + _headerLength;

    public DiskEntryHeader Header => _header;

    /// <summary>Appends body bytes; an <see cref="IOException"/> (disk full...) leaves the spool unusable.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        try
        {
            RandomAccess.Write(_handle, data, BodyOffset + _written);
        }
        catch (IOException ex)
        {
            _tier.WriteFailed(FileName, ex);
            throw;
        }

        _crc = Crc32C.Update(_crc, data);
        _written += data.Length;
    }

    /// <summary>Writes the trailer (and fsyncs when configured) and closes the file: the body to store.</summary>
    public DiskCacheBody Finish()
    {
        var crc = Crc32.Final(_crc);
        try
        {
            RandomAccess.Write(_handle, DiskEntryFormat.EncodeTrailer(_written, crc, _headerCrc), BodyOffset + _written);
            if (_tier.Fsync)
            {
                RandomAccess.FlushToDisk(_handle);
            }
        }
        catch (IOException ex)
        {
            _tier.WriteFailed(FileName, ex);
            Abandon();
            throw;
        }

        Close();
        return new DiskCacheBody(_tier, new DiskRecord(_header.Key, FileName, Sequence, _headerLength, _headerCrc, _written, crc));
    }

    /// <summary>Closes and deletes the file (failed or uncacheable fill). Readers holding it open keep reading.</summary>
    public void Abandon()
    {
        Close();
        DiskTier.TryDelete(FileName);
    }

    private void Close()
    {
        if (!_closed)
        {
            _closed = true;
            _handle.Dispose();
        }
    }
}
