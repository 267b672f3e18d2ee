namespace EdgeCdn.Edge.Caching.Disk;

/// <summary>
/// One file of the disk tier as its in-memory index knows it: enough to find, size and check the file without
/// reading it. Headers stay on disk until a lookup needs them (a small object is then read whole and promoted to
/// memory; a large one keeps its parsed entry in <see cref="Loaded"/>).
/// </summary>
internal sealed class DiskRecord
{
    public DiskRecord(string key, string fileName, long sequence, int headerLength, uint headerCrc, long bodyLength, uint bodyCrc)
    {
        Key = key;
        FileName = fileName;
        Sequence = sequence;
        HeaderLength = headerLength;
        HeaderCrc = headerCrc;
        BodyLength = bodyLength;
        BodyCrc = bodyCrc;
    }

    public string Key { get; }

    public string FileName { get; }

    /// <summary>Order of writing (also in the file name): the newer of two files for a key wins.</summary>
    public long Sequence { get; }

    public int HeaderLength { get; }

    public uint HeaderCrc { get; }

    public long BodyLength { get; }

    public uint BodyCrc { get; }

    public long BodyOffset => DiskEntryFormat.PreambleBytes + HeaderLength;

    public long FileLength => DiskEntryFormat.PreambleBytes + HeaderLength + BodyLength + DiskEntryFormat.TrailerBytes;

    /// <summary>In the index (changed under the tier's lock).</summary>
    public bool Live
    {
        get => Volatile.Read(ref _live);
        set
        {
            Volatile.Write(ref _live, value);
            if (value)
            {
                Indexed = true;
            }
        }
    }

    /// <summary>Has been in the index (a spooled fill's record is not, until its commit).</summary>
    public bool Indexed { get; private set; }

    /// <summary>Hit on disk since the CLOCK hand last passed: gets a second chance.</summary>
    public bool Visited { get; set; }

    public DiskRecord? Previous { get; set; }

    public DiskRecord? Next { get; set; }

    /// <summary>The parsed entry of a large object (body served from the file), kept after its first lookup.</summary>
    public CacheEntry? Loaded
    {
        get => Volatile.Read(ref _loaded);
        set => Volatile.Write(ref _loaded, value);
    }

    private bool _live;
    private CacheEntry? _loaded;
}
