using System.Text;
using System.Text.Json;
using EdgeCdn.Edge.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.Edge.Invalidation;

/// <summary>
/// The invalidations of a node with a disk tier, one JSON line each in <c>{Disk:Path}/invalidations.jsonl</c>,
/// appended (and fsynced when Disk:Fsync) before an invalidation is acknowledged. At start the journal restores
/// each distribution's invalidation epoch and recent invalidations, so entries on disk are checked against them
/// exactly as entries in memory are; a line cut short by a crash was never acknowledged and is ignored. Without
/// the journal (deleted, first start with old files) no disk entry can be trusted and all are dropped.
/// </summary>
internal sealed partial class InvalidationJournal
{
    public const string FileName = "invalidations.jsonl";

    private readonly ILogger<InvalidationJournal> _logger;
    private readonly Lock _gate = new();

    public InvalidationJournal(EdgeModel model, ILogger<InvalidationJournal> logger)
    {
        _logger = logger;
        var disk = model.Cache.Disk;
        if (disk.Enabled)
        {
            FilePath = Path.Combine(Path.GetFullPath(disk.Path!), FileName);
            Fsync = disk.Fsync;
        }
    }

    /// <summary>Null when the node has no disk tier (nothing to journal).</summary>
    public string? FilePath { get; }

    public bool Fsync { get; }

    /// <summary>The journal's lines, oldest first; false when there is no journal file.</summary>
    public bool TryLoad(out List<JournalEntry> entries)
    {
        entries = [];
        if (FilePath is null || !File.Exists(FilePath))
        {
            return false;
        }

        var lineNumber = 0;
        foreach (var line in File.ReadLines(FilePath, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                entries.Add(JsonSerializer.Deserialize(line, JournalJsonContext.Default.JournalEntry) ?? throw new JsonException("null"));
            }
            catch (JsonException)
            {
                Log.BadLine(_logger, FilePath, lineNumber);
            }
        }

        return true;
    }

    /// <summary>Replaces the journal with <paramref name="entries"/> (compaction at start; also creates it).</summary>
    public void Rewrite(IEnumerable<JournalEntry> entries)
    {
        if (FilePath is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temporary = FilePath + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            foreach (var entry in entries)
            {
                stream.Write(Encode(entry));
            }

            stream.Flush(flushToDisk: Fsync);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }

    /// <summary>Appends an invalidation; throws <see cref="IOException"/> when it cannot be written.</summary>
    public void Append(InvalidationRecord record)
    {
        if (FilePath is null)
        {
            return;
        }

        var line = Encode(new JournalEntry
        {
            Distribution = record.DistributionId,
            Epoch = record.Epoch,
            Id = record.Id,
            Time = record.CreateTime,
            CallerReference = record.CallerReference,
            Paths = [.. record.Paths],
        });
        lock (_gate)
        {
            using var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(line);
            stream.Flush(flushToDisk: Fsync);
        }
    }

    private static byte[] Encode(JournalEntry entry)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(entry, JournalJsonContext.Default.JournalEntry);
        return [.. json, (byte)'\n'];
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Invalidation journal {Path}: line {Line} is not a complete record (a write cut short); ignored.")]
        public static partial void BadLine(ILogger logger, string path, int line);
    }
}
