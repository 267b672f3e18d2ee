using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using EdgeCdn.Core.Checksums;
using EdgeCdn.Edge.Caching.Memory;
using EdgeCdn.Edge.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace EdgeCdn.Edge.Caching.Disk;

/// <summary>
/// The disk tier: one file per response under <c>{Path}/objects/xx/{keyhash}-{sequence}.obj</c> (layout in
/// <see cref="DiskEntryFormat"/>), an in-memory index rebuilt by scanning the files at start, a byte budget enforced
/// by CLOCK (FIFO order of writing; an entry hit on disk since the hand last passed goes round once more).
/// <list type="bullet">
/// <item>Memory-tier objects are written behind by one background writer, off the request path (a bounded queue;
/// when full a write is skipped and counted). Objects too large for memory are spooled to their file by the fill
/// itself (<see cref="DiskSpool"/>).</item>
/// <item>A lookup of a small object reads the file whole, checks both CRCs and hands back a memory body (the store
/// promotes it); a large object's body stays in the file and is streamed by range.</item>
/// <item>A file that is missing, unreadable, truncated or fails a CRC is a logged miss and leaves the index.</item>
/// </list>
/// </summary>
internal sealed partial class DiskTier : IDisposable
{
    private const long FreeSpaceReserveBytes = 64L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, DiskRecord> _records = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Channel<CacheEntry> _queue;
    private readonly CacheStatistics _statistics;
    private readonly ILogger _logger;
    private readonly bool _synchronousWrites;
    private readonly CancellationTokenSource _stopping = new();
    private DiskRecord? _head;
    private DiskRecord? _tail;
    private long _bytes;
    private int _count;
    private long _sequence;
    private Func<string, Distribution?> _resolve = static _ => null;
    private Task _writer = Task.CompletedTask;
    private volatile bool _loaded;

    /// <param name="promoteLimit">Bodies up to this size are read whole on a hit (and promoted to memory).</param>
    /// <param name="synchronousWrites">Write behind on the caller's thread (trace replay: deterministic).</param>
    public DiskTier(DiskCacheOptions options, long promoteLimit, CacheStatistics statistics, ILogger logger, bool synchronousWrites = false)
    {
        RootPath = Path.GetFullPath(options.Path!);
        ObjectsPath = Path.Combine(RootPath, "objects");
        CapacityBytes = options.MaxBytes;
        MaxObjectBytes = options.MaxObjectBytes;
        PromoteLimit = promoteLimit;
        Fsync = options.Fsync;
        _statistics = statistics;
        _logger = logger;
        _synchronousWrites = synchronousWrites;
        _queue = Channel.CreateBounded<CacheEntry>(new BoundedChannelOptions(options.WriteQueueLength)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string RootPath { get; }

    public string ObjectsPath { get; }

    public long CapacityBytes { get; }

    public long MaxObjectBytes { get; }

    public long PromoteLimit { get; }

    public bool Fsync { get; }

    public long Bytes => Volatile.Read(ref _bytes);

    public long Count => Volatile.Read(ref _count);

    public bool IsLoaded => _loaded;

    /// <summary>Files the last <see cref="Load"/> discarded as torn or corrupt.</summary>
    public int DiscardedAtLoad { get; private set; }

    /// <summary>Entries waiting to be written behind.</summary>
    public int PendingWrites => _queue.Reader.Count;

    /// <summary>
    /// Rebuilds the index from the files: a file without a valid trailer (torn write) or with a bad header is
    /// deleted; so is a file of a distribution this node does not serve, one whose invalidation epoch is newer
    /// than its distribution's (the invalidation journal does not know it), or every file when
    /// <paramref name="dropAll"/> (the journal is missing, so no epoch can be trusted). Of two files for one key the
    /// newer stays.
    /// </summary>
    public void Load(Func<string, Distribution?> resolve, bool dropAll)
    {
        _resolve = resolve;
        var stopwatch = Stopwatch.StartNew();
        Directory.CreateDirectory(ObjectsPath);
        var found = new List<DiskRecord>();
        int discarded = 0, dropped = 0;
        long maxSequence = 0;
        foreach (var file in Directory.EnumerateFiles(ObjectsPath, "*" + DiskEntryFormat.Extension, SearchOption.AllDirectories))
        {
            if (!TryParseSequence(file, out var sequence))
            {
                continue;
            }

            maxSequence = Math.Max(maxSequence, sequence);
            DiskEntryHeader? header;
            DiskRecord? record;
            try
            {
                (record, header) = Inspect(file, sequence);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.LoadFailed(_logger, file, ex);
                continue;
            }

            if (record is null || header is null)
            {
                Log.Torn(_logger, file);
                discarded++;
                TryDelete(file);
                continue;
            }

            var distribution = resolve(header.DistributionId);
            if (dropAll || distribution is null || header.Epoch > distribution.InvalidationEpoch)
            {
                dropped++;
                TryDelete(file);
                continue;
            }

            found.Add(record);
        }

        found.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        List<string> deletions = [];
        lock (_gate)
        {
            foreach (var record in found)
            {
                if (_records.TryGetValue(record.Key, out var older))
                {
                    Unlink(older);
                    deletions.Add(older.FileName);
                }

                Link(record);
            }

            EvictWhileOverBudget(deletions);
        }

        DeleteAll(deletions);
        _sequence = Math.Max(maxSequence, DateTime.UtcNow.Ticks);
        DiscardedAtLoad = discarded;
        _loaded = true;
        Log.Loaded(_logger, RootPath, Count, Bytes, discarded, dropped, stopwatch.ElapsedMilliseconds);
    }

    /// <summary>Starts the write-behind writer.</summary>
    public void Start()
    {
        if (!_synchronousWrites)
        {
            _writer = Task.Run(RunWriterAsync);
        }
    }

    /// <summary>Writes what is queued (until <paramref name="cancellationToken"/>), then stops the writer.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        using var registration = cancellationToken.Register(_stopping.Cancel);
        try
        {
            await _writer;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>The entry for <paramref name="key"/> from its file, or null (miss; a bad file is logged and dropped).</summary>
    public async ValueTask<CacheEntry?> FindAsync(string key, CancellationToken cancellationToken)
    {
        if (!_loaded || !_records.TryGetValue(key, out var record))
        {
            return null;
        }

        record.Visited = true;
        if (record.Loaded is { } loaded)
        {
            return loaded;
        }

        try
        {
            using var handle = File.OpenHandle(record.FileName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (RandomAccess.GetLength(handle) != record.FileLength)
            {
                throw new InvalidDataException("the file's length changed");
            }

            var head = new byte[record.BodyOffset];
            await ReadExactlyAsync(handle, head, 0, cancellationToken);
            if (!DiskEntryFormat.TryReadPreamble(head, out var headerLength, out var headerCrc) || headerLength != record.HeaderLength ||
                headerCrc != record.HeaderCrc || Crc32C.Compute(head.AsSpan(DiskEntryFormat.PreambleBytes)) != headerCrc)
            {
                throw new InvalidDataException("the header does not match its CRC");
            }

            var header = DiskEntryFormat.DecodeHeader(head.AsSpan(DiskEntryFormat.PreambleBytes));
            if (header.Key != key || _resolve(header.DistributionId) is not { } distribution)
            {
                throw new InvalidDataException("the header names another key or an unknown distribution");
            }

            if (record.BodyLength <= PromoteLimit)
            {
                var body = GC.AllocateUninitializedArray<byte>((int)record.BodyLength);
                await ReadExactlyAsync(handle, body, record.BodyOffset, cancellationToken);
                if (Crc32C.Compute(body) != record.BodyCrc)
                {
                    throw new InvalidDataException("the body does not match its CRC");
                }

                var entry = header.ToEntry(distribution, MemoryCacheBody.FromArray(body));
                entry.Persisted = record;
                return entry;
            }

            var large = header.ToEntry(distribution, new DiskCacheBody(this, record));
            large.Persisted = record;
            record.Loaded = large;
            return large;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Unreadable(record, ex, corrupt: ex is InvalidDataException);
            return null;
        }
    }

    /// <summary>Queues a memory-tier entry to be written; false when it is too large or the queue is full.</summary>
    public bool EnqueueWrite(CacheEntry entry)
    {
        if (entry.Body.Length > MaxObjectBytes || entry.IsPassMarker || entry.Body.IsOnDisk)
        {
            return false;
        }

        if (_synchronousWrites)
        {
            WriteAsync(entry, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return true;
        }

        if (!_queue.Writer.TryWrite(entry))
        {
            _statistics.Rejected(CacheTier.Disk, RejectionReason.QueueFull);
            Log.QueueFull(_logger, entry.Key);
            return false;
        }

        return true;
    }

    /// <summary>Stores a spooled fill's entry (its file complete) in the index.</summary>
    public bool Commit(CacheEntry entry, DiskCacheBody body)
    {
        entry.Persisted = body.Record;
        return Add(body.Record, entry, keepLoaded: true);
    }

    /// <summary>A revalidated large object: the new headers and freshness serve from now on; the file keeps the old
    /// ones (after a restart the entry is stale and revalidated again).</summary>
    public bool Refresh(CacheEntry refreshed, DiskCacheBody body)
    {
        if (body.Record.Live && _records.TryGetValue(refreshed.Key, out var current) && current == body.Record)
        {
            refreshed.Persisted = body.Record;
            body.Record.Loaded = refreshed;
            return true;
        }

        return false;
    }

    /// <summary>Removes the file holding exactly this entry, if the index still has it.</summary>
    public bool Remove(CacheEntry entry)
    {
        var removed = false;
        if (entry.Persisted is { } persisted)
        {
            removed |= RemoveRecord(persisted);
        }

        if (entry.Body is DiskCacheBody { Record: var record } && record != entry.Persisted)
        {
            removed |= RemoveRecord(record);
        }

        return removed;
    }

    /// <summary>Drops whatever file holds <paramref name="key"/> (a newer copy is in memory and will be written).</summary>
    public void RemoveKey(string key)
    {
        if (_records.TryGetValue(key, out var record))
        {
            RemoveRecord(record);
        }
    }

    public int RemoveByPrefix(string prefix)
    {
        List<string> deletions = [];
        lock (_gate)
        {
            foreach (var (key, record) in _records)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    Unlink(record);
                    deletions.Add(record.FileName);
                }
            }
        }

        DeleteAll(deletions);
        return deletions.Count;
    }

    /// <summary>A file for a fill whose body is too large for memory, or null when there is no room for it (the
    /// object then streams through uncached).</summary>
    public DiskSpool? CreateSpool(DiskEntryHeader header, long? expectedLength)
    {
        if (expectedLength > MaxObjectBytes)
        {
            return null;
        }

        string? fileName = null;
        try
        {
            if (expectedLength is { } expected && new DriveInfo(RootPath).AvailableFreeSpace < expected + FreeSpaceReserveBytes)
            {
                _statistics.Rejected(CacheTier.Disk, RejectionReason.WriteFailed);
                Log.NoSpace(_logger, RootPath, expected);
                return null;
            }

            (fileName, var sequence) = NewFileName(header.Key);
            var head = DiskEntryFormat.EncodeHead(header, out var headerLength, out var headerCrc);
            var handle = File.OpenHandle(fileName, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            try
            {
                RandomAccess.Write(handle, head, 0);
            }
            catch
            {
                handle.Dispose();
                throw;
            }

            return new DiskSpool(this, fileName, sequence, handle, header, headerLength, headerCrc);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (fileName is not null)
            {
                TryDelete(fileName);
            }

            WriteFailed(fileName ?? RootPath, ex);
            return null;
        }
    }

    /// <summary>Whether the index has a file for <paramref name="key"/> (tests, replay).</summary>
    public bool Contains(string key) => _records.ContainsKey(key);

    /// <summary>The record of <paramref name="key"/>'s file, if any (tests).</summary>
    public DiskRecord? Persisted(string key) => _records.GetValueOrDefault(key);

    internal void WriteFailed(string fileName, Exception error)
    {
        _statistics.Rejected(CacheTier.Disk, RejectionReason.WriteFailed);
        Log.WriteFailed(_logger, fileName, error);
    }

    /// <summary>A file that could not be read: a logged miss (Warning when corrupt), and it leaves the index.</summary>
    internal void Unreadable(DiskRecord record, Exception error, bool corrupt)
    {
        if (corrupt)
        {
            Log.Corrupt(_logger, record.FileName, record.Key, error.Message);
        }
        else if (error is FileNotFoundException or DirectoryNotFoundException)
        {
            Log.Gone(_logger, record.FileName, record.Key);
        }
        else
        {
            Log.ReadFailed(_logger, record.FileName, record.Key, error);
        }

        RemoveRecord(record);
    }

    internal static void TryDelete(string fileName)
    {
        try
        {
            File.Delete(fileName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind: the next start's scan deletes or re-indexes it.
        }
    }

    private async Task RunWriterAsync()
    {
        try
        {
            await foreach (var entry in _queue.Reader.ReadAllAsync(_stopping.Token))
            {
                try
                {
                    await WriteAsync(entry, _stopping.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad entry must not stop the writer.
                    Log.WriterFailed(_logger, entry.Key, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is still queued is lost, as after a crash.
        }
    }

    private async ValueTask WriteAsync(CacheEntry entry, CancellationToken cancellationToken)
    {
        // Replaced or invalidated while queued, or written already (the memory tier evicted a persisted entry).
        if (entry.IsDropped || entry.Persisted is { Live: true })
        {
            return;
        }

        string? fileName = null;
        DiskRecord record;
        try
        {
            (fileName, var sequence) = NewFileName(entry.Key);
            var head = DiskEntryFormat.EncodeHead(DiskEntryHeader.From(entry), out var headerLength, out var headerCrc);
            await using (var file = new FileStream(fileName, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.Read | FileShare.Delete,
                BufferSize = 0,
                PreallocationSize = head.Length + entry.Body.Length + DiskEntryFormat.TrailerBytes,
            }))
            {
                await file.WriteAsync(head, cancellationToken);
                var checksum = new ChecksumStream(file);
                await entry.Body.CopyToAsync(checksum, 0, entry.Body.Length, cancellationToken);
                await file.WriteAsync(DiskEntryFormat.EncodeTrailer(entry.Body.Length, checksum.Crc, headerCrc), cancellationToken);
                if (Fsync)
                {
                    file.Flush(flushToDisk: true);
                }

                record = new DiskRecord(entry.Key, fileName, sequence, headerLength, headerCrc, entry.Body.Length, checksum.Crc);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (fileName is not null)
            {
                TryDelete(fileName);
            }

            WriteFailed(fileName ?? ObjectsPath, ex);
            return;
        }

        entry.Persisted = record;
        Add(record, entry, keepLoaded: false);
    }

    private bool Add(DiskRecord record, CacheEntry? entry, bool keepLoaded)
    {
        List<string> deletions = [];
        var added = false;
        lock (_gate)
        {
            if (entry is { IsDropped: true })
            {
                // Invalidated or replaced while its file was being written.
                deletions.Add(record.FileName);
            }
            else if (_records.TryGetValue(record.Key, out var existing) && existing.Sequence > record.Sequence)
            {
                deletions.Add(record.FileName);
            }
            else
            {
                if (existing is not null)
                {
                    Unlink(existing);
                    deletions.Add(existing.FileName);
                }

                if (keepLoaded && entry is not null)
                {
                    record.Loaded = entry;
                }

                Link(record);
                added = true;
                _statistics.Admitted(CacheTier.Disk);
                EvictWhileOverBudget(deletions);
            }
        }

        DeleteAll(deletions);
        return added;
    }

    private bool RemoveRecord(DiskRecord record)
    {
        lock (_gate)
        {
            if (!record.Live || !_records.TryGetValue(record.Key, out var current) || current != record)
            {
                return false;
            }

            Unlink(record);
        }

        TryDelete(record.FileName);
        return true;
    }

    private void Link(DiskRecord record)
    {
        _records[record.Key] = record;
        record.Live = true;
        record.Previous = _tail;
        record.Next = null;
        if (_tail is null)
        {
            _head = record;
        }
        else
        {
            _tail.Next = record;
        }

        _tail = record;
        Volatile.Write(ref _bytes, _bytes + record.FileLength);
        Volatile.Write(ref _count, _count + 1);
    }

    private void Unlink(DiskRecord record)
    {
        _records.TryRemove(new KeyValuePair<string, DiskRecord>(record.Key, record));
        record.Live = false;
        record.Loaded = null;
        Detach(record);
        Volatile.Write(ref _bytes, _bytes - record.FileLength);
        Volatile.Write(ref _count, _count - 1);
    }

    private void Detach(DiskRecord record)
    {
        if (record.Previous is null)
        {
            _head = record.Next;
        }
        else
        {
            record.Previous.Next = record.Next;
        }

        if (record.Next is null)
        {
            _tail = record.Previous;
        }
        else
        {
            record.Next.Previous = record.Previous;
        }

        record.Previous = null;
        record.Next = null;
    }

    private void EvictWhileOverBudget(List<string> deletions)
    {
        var rounds = (2L * _count) + 1;
        while (_bytes > CapacityBytes && _head is { } hand && rounds-- > 0)
        {
            if (hand.Visited)
            {
                hand.Visited = false;
                Detach(hand);
                hand.Previous = _tail;
                if (_tail is null)
                {
                    _head = hand;
                }
                else
                {
                    _tail.Next = hand;
                }

                _tail = hand;
                continue;
            }

            Unlink(hand);
            deletions.Add(hand.FileName);
            _statistics.Evicted(EvictionQueue.Disk);
        }
    }

    private static void DeleteAll(List<string> files)
    {
        foreach (var file in files)
        {
            TryDelete(file);
        }
    }

    private (string FileName, long Sequence) NewFileName(string key)
    {
        var hash = KeyHash.Of(key);
        var sequence = Interlocked.Increment(ref _sequence);
        var directory = Path.Combine(ObjectsPath, ((byte)(hash >> 56)).ToString("x2", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        return (Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{hash:x16}-{sequence:x16}{DiskEntryFormat.Extension}")), sequence);
    }

    private static bool TryParseSequence(string file, out long sequence)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        sequence = 0;
        return dash == 16 && name.Length == 33 &&
            long.TryParse(name.AsSpan(17), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out sequence);
    }

    /// <summary>Checks a file's structure: preamble, header CRC, trailer, exact length. Null when it is not a
    /// complete entry.</summary>
    private static (DiskRecord? Record, DiskEntryHeader? Header) Inspect(string file, long sequence)
    {
        using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        if (length < DiskEntryFormat.PreambleBytes + DiskEntryFormat.TrailerBytes)
        {
            return (null, null);
        }

        Span<byte> preamble = stackalloc byte[DiskEntryFormat.PreambleBytes];
        if (RandomAccess.Read(handle, preamble, 0) != preamble.Length ||
            !DiskEntryFormat.TryReadPreamble(preamble, out var headerLength, out var headerCrc) ||
            DiskEntryFormat.PreambleBytes + (long)headerLength + DiskEntryFormat.TrailerBytes > length)
        {
            return (null, null);
        }

        Span<byte> trailer = stackalloc byte[DiskEntryFormat.TrailerBytes];
        if (RandomAccess.Read(handle, trailer, length - DiskEntryFormat.TrailerBytes) != trailer.Length ||
            !DiskEntryFormat.TryReadTrailer(trailer, headerCrc, out var bodyLength, out var bodyCrc) ||
            DiskEntryFormat.PreambleBytes + headerLength + bodyLength + DiskEntryFormat.TrailerBytes != length)
        {
            return (null, null);
        }

        var header = new byte[headerLength];
        if (RandomAccess.Read(handle, header, DiskEntryFormat.PreambleBytes) != header.Length || Crc32C.Compute(header) != headerCrc)
        {
            return (null, null);
        }

        DiskEntryHeader decoded;
        try
        {
            decoded = DiskEntryFormat.DecodeHeader(header);
        }
        catch (InvalidDataException)
        {
            return (null, null);
        }

        return (new DiskRecord(decoded.Key, file, sequence, headerLength, headerCrc, bodyLength, bodyCrc), decoded);
    }

    private static async ValueTask ReadExactlyAsync(SafeFileHandle handle, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await RandomAccess.ReadAsync(handle, buffer[read..], offset + read, cancellationToken);
            if (n == 0)
            {
                throw new InvalidDataException("the file ends early");
            }

            read += n;
        }
    }

    /// <summary>Passes writes through to a stream, computing their CRC-32C.</summary>
    private sealed class ChecksumStream(Stream inner) : WriteOnlyStream
    {
        private uint _state = Crc32.Initial;

        public uint Crc => Crc32.Final(_state);

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _state = Crc32C.Update(_state, buffer);
            inner.Write(buffer);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _state = Crc32C.Update(_state, buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Disk cache {Path}: {Count} entries ({Bytes} bytes) loaded; {Discarded} torn or corrupt files discarded, {Dropped} entries of unknown distributions or invalidation epochs dropped, in {Milliseconds} ms.")]
        public static partial void Loaded(ILogger logger, string path, long count, long bytes, int discarded, int dropped, long milliseconds);

        [LoggerMessage(2, LogLevel.Warning, "Disk cache: discarding {File}, an incomplete or corrupt file (a write cut short).")]
        public static partial void Torn(ILogger logger, string file);

        [LoggerMessage(3, LogLevel.Warning, "Disk cache: {File} ({Key}) is corrupt ({Reason}); dropped, served as a miss.")]
        public static partial void Corrupt(ILogger logger, string file, string key, string reason);

        [LoggerMessage(4, LogLevel.Debug, "Disk cache miss: {File} ({Key}) is gone.")]
        public static partial void Gone(ILogger logger, string file, string key);

        [LoggerMessage(5, LogLevel.Warning, "Disk cache: cannot read {File} ({Key}); dropped, served as a miss.")]
        public static partial void ReadFailed(ILogger logger, string file, string key, Exception exception);

        [LoggerMessage(6, LogLevel.Warning, "Disk cache: cannot write {File}; the object is not kept on disk.")]
        public static partial void WriteFailed(ILogger logger, string file, Exception exception);

        [LoggerMessage(7, LogLevel.Debug, "Disk cache: write-behind queue full, {Key} not written.")]
        public static partial void QueueFull(ILogger logger, string key);

        [LoggerMessage(8, LogLevel.Warning, "Disk cache {Path}: not enough free space for a {Bytes}-byte object; it streams through uncached.")]
        public static partial void NoSpace(ILogger logger, string path, long bytes);

        [LoggerMessage(10, LogLevel.Error, "Disk cache: writing {Key} failed unexpectedly.")]
        public static partial void WriterFailed(ILogger logger, string key, Exception exception);

        [LoggerMessage(9, LogLevel.Warning, "Disk cache: cannot read {File} while loading.")]
        public static partial void LoadFailed(ILogger logger, string file, Exception exception);
    }
}
