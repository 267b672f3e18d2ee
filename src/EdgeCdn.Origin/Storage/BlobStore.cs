using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace EdgeCdn.Origin.Storage;

/// <summary>
/// Object data as files: <c>blobs/ab/&lt;32 hex&gt;</c> with random names that have nothing to do with keys, written
/// through <c>tmp/</c> (write, fsync, rename, fsync the directory). A blob becomes visible only when the metadata
/// store commits a row naming it. Readers lease the blobs they stream so that an overwrite or delete committed
/// meanwhile removes the old files only when the last reader is done.
/// </summary>
internal sealed partial class BlobStore
{
    private readonly string _blobs;
    private readonly string _temp;
    private readonly string _trash;
    private readonly bool _fsync;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _leases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _condemned = new(StringComparer.Ordinal);

    public BlobStore(string dataDirectory, bool fsync, ILogger<BlobStore> logger, HotBlobCache? hot = null)
    {
        Hot = hot ?? HotBlobCache.Disabled;
        _blobs = Path.Combine(dataDirectory, "blobs");
        _temp = Path.Combine(dataDirectory, "tmp");
        _trash = Path.Combine(dataDirectory, "trash");
        _fsync = fsync;
        _logger = logger;
    }

    public string BlobsDirectory => _blobs;

    /// <summary>Plaintext of small blobs read recently; entries go when their blob is deleted.</summary>
    public HotBlobCache Hot { get; }

    public string TempDirectory => _temp;

    /// <summary>Creates the directories and removes what an earlier process left half-done: temporary files of
    /// interrupted writes and files that were being deleted.</summary>
    public void Initialize()
    {
        foreach (var directory in new[] { _blobs, _temp, _trash })
        {
            DataDirectory.CreatePrivate(directory);
        }

        for (var i = 0; i < 256; i++)
        {
            DataDirectory.CreatePrivate(Path.Combine(_blobs, i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }

        var removed = 0;
        foreach (var directory in new[] { _temp, _trash })
        {
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                File.Delete(file);
                removed++;
            }
        }

        if (removed > 0)
        {
            Log.RemovedTemporaryFiles(_logger, removed);
        }
    }

    public BlobWriter CreateWriter()
    {
        var tempPath = Path.Combine(_temp, Guid.NewGuid().ToString("N") + ".part");
        return new BlobWriter(this, tempPath, _fsync);
    }

    public string PathOf(string blobId) => Path.Combine(_blobs, blobId[..2], blobId);

    /// <summary>Opens a blob for reading; throws <see cref="FileNotFoundException"/> when it has been deleted.</summary>
    public SafeFileHandle OpenRead(string blobId) =>
        File.OpenHandle(PathOf(blobId), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>
    /// Leases blobs for reading. Returns null when they were deleted after the caller read the metadata naming
    /// them (an overwrite or delete won the race): the caller reads the metadata again. All blobs of one object are
    /// deleted in one critical section, so the first one tells for all.
    /// </summary>
    public BlobLease? TryLease(IReadOnlyList<string> blobIds)
    {
        lock (_gate)
        {
            // A blob in the hot cache is still on disk: deleting it takes it out of the cache under this lock.
            if (blobIds.Count > 0 && Hot.Get(blobIds[0]) is null && !File.Exists(PathOf(blobIds[0])))
            {
                return null;
            }

            foreach (var id in blobIds)
            {
                if (_condemned.Contains(id))
                {
                    return null;
                }
            }

            foreach (var id in blobIds)
            {
                _leases[id] = _leases.GetValueOrDefault(id) + 1;
            }
        }

        return new BlobLease(this, blobIds);
    }

    /// <summary>Deletes blobs no longer referenced by committed metadata, now or when their last lease ends.</summary>
    public void Delete(IEnumerable<string> blobIds)
    {
        List<string>? trashed = null;
        lock (_gate)
        {
            foreach (var id in blobIds)
            {
                if (_leases.ContainsKey(id))
                {
                    _condemned.Add(id);
                }
                else
                {
                    MoveToTrash(id, ref trashed);
                }
            }
        }

        Unlink(trashed);
    }

    /// <summary>
    /// Deletes blob files that no committed metadata names and that are older than <paramref name="olderThanUtc"/>:
    /// what a crash between rename and commit (or between commit and delete) left behind.
    /// </summary>
    public int SweepOrphans(IReadOnlySet<string> referenced, DateTime olderThanUtc, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var directory in Directory.EnumerateDirectories(_blobs))
        {
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var id = Path.GetFileName(file);
                if (referenced.Contains(id) || File.GetLastWriteTimeUtc(file) >= olderThanUtc)
                {
                    continue;
                }

                lock (_gate)
                {
                    if (_leases.ContainsKey(id))
                    {
                        continue;
                    }
                }

                TryDelete(file);
                removed++;
            }
        }

        return removed;
    }

    internal string Publish(string tempPath)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var target = PathOf(id);
        File.Move(tempPath, target);
        if (_fsync)
        {
            DirectorySync.Flush(Path.GetDirectoryName(target)!);
        }

        return id;
    }

    internal void Release(IReadOnlyList<string> blobIds)
    {
        List<string>? trashed = null;
        lock (_gate)
        {
            foreach (var id in blobIds)
            {
                var count = _leases[id] - 1;
                if (count > 0)
                {
                    _leases[id] = count;
                    continue;
                }

                _leases.Remove(id);
                if (_condemned.Remove(id))
                {
                    MoveToTrash(id, ref trashed);
                }
            }
        }

        Unlink(trashed);
    }

    // Called under the lock: a rename is quick whatever the size, so no lease can ever be granted on a blob that is
    // half deleted; the slow unlink happens outside the lock.
    private void MoveToTrash(string id, ref List<string>? trashed)
    {
        Hot.Remove(id);
        var trashPath = Path.Combine(_trash, id);
        try
        {
            File.Move(PathOf(id), trashPath);
            (trashed ??= []).Add(trashPath);
        }
        catch (FileNotFoundException)
        {
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private void Unlink(List<string>? paths)
    {
        if (paths is null)
        {
            return;
        }

        foreach (var path in paths)
        {
            TryDelete(path);
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            Log.DeleteFailed(_logger, path, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Removed {Count} temporary files left by an earlier run")]
        public static partial void RemovedTemporaryFiles(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Could not delete blob file {Path}")]
        public static partial void DeleteFailed(ILogger logger, string path, Exception exception);
    }
}
