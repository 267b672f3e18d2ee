using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace EdgeCdn.Origin.Storage;

/// <summary>
/// The SQLite file that holds all metadata, in WAL mode: one writer connection (writes are serialised by a
/// semaphore, each in one IMMEDIATE transaction) and a pool of read-only connections that read consistent
/// snapshots concurrently with it. Statements are prepared once per connection and reused.
/// </summary>
internal sealed class MetadataDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly bool _fsync;
    private readonly ConcurrentBag<MetadataConnection> _readers = [];
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private MetadataConnection? _writer;
    private long _writeGeneration;

    public MetadataDatabase(string path, bool fsync)
    {
        Path = path;
        _fsync = fsync;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>
    /// Changes after every write transaction ends (committed or not), before <see cref="WriteAsync{T}"/> returns. A
    /// value read from the database is still current while this equals what it was before the read began, which is
    /// how in-memory copies of rows know they are stale.
    /// </summary>
    public long WriteGeneration => Volatile.Read(ref _writeGeneration);

    public void Initialize()
    {
        _writer = Open(readOnly: false);
        MetadataSchema.Migrate(_writer.Raw);
    }

    public T Read<T>(Func<MetadataConnection, T> read)
    {
        if (!_readers.TryTake(out var connection))
        {
            connection = Open(readOnly: true);
        }

        try
        {
            using var transaction = connection.Raw.BeginTransaction(deferred: true);
            connection.Transaction = transaction;
            var result = read(connection);
            transaction.Commit();
            return result;
        }
        finally
        {
            connection.Transaction = null;
            _readers.Add(connection);
        }
    }

    public async Task<T> WriteAsync<T>(Func<MetadataConnection, T> write, CancellationToken cancellationToken = default)
    {
        var writer = _writer ?? throw new InvalidOperationException("The metadata database is not initialised.");
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = writer.Raw.BeginTransaction(deferred: false);
            writer.Transaction = transaction;
            try
            {
                var result = write(writer);
                transaction.Commit();
                return result;
            }
            finally
            {
                writer.Transaction = null;
                Interlocked.Increment(ref _writeGeneration);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _writeGate.Dispose();
    }

    private MetadataConnection Open(bool readOnly)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // WAL: readers never block the writer; synchronous=FULL fsyncs the WAL at every commit.
            pragma.CommandText = (readOnly ? "PRAGMA query_only=1;" : "PRAGMA journal_mode=WAL;") +
                                 $"PRAGMA synchronous={(_fsync ? "FULL" : "OFF")};PRAGMA busy_timeout=10000;PRAGMA temp_store=MEMORY;";
            pragma.ExecuteNonQuery();
        }

        return new MetadataConnection(connection);
    }
}
