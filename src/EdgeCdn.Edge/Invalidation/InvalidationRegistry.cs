using System.Collections.Concurrent;
using System.Security.Cryptography;
using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCdn.Edge.Invalidation;

/// <summary>
/// Invalidations without scanning the cache. Each invalidation bumps its distribution's epoch; a cached entry
/// remembers the epoch it was filled under. On lookup an entry from an older epoch is checked against the
/// invalidations made since (usually none or a few), then either dropped or re-stamped with the current epoch so
/// the check happens once. Only the most recent invalidations per distribution are kept; an entry older than all
/// of them is treated as invalidated, which is never wrong, only conservative. With a disk tier every invalidation
/// is journaled before it takes effect (<see cref="InvalidationJournal"/>) and restored at start (<see cref="Restore"/>).
/// </summary>
internal sealed partial class InvalidationRegistry
{
    private const int MaxRetained = 4096;
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private readonly ConcurrentDictionary<string, InvalidationRecord> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Distribution, DistributionLog> _logs = new(ReferenceEqualityComparer.Instance);
    private readonly TimeProvider _time;
    private readonly InvalidationJournal? _journal;
    private readonly ICacheStore? _store;
    private readonly ILogger _logger;

    public InvalidationRegistry(TimeProvider time, InvalidationJournal? journal = null, ICacheStore? store = null, ILogger<InvalidationRegistry>? logger = null)
    {
        _time = time;
        _journal = journal;
        _store = store;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Puts back what the journal recorded for a distribution: its epoch and its recent invalidations.</summary>
    public void Restore(Distribution distribution, IEnumerable<JournalEntry> entries)
    {
        var log = _logs.GetOrAdd(distribution, static _ => new DistributionLog());
        lock (log)
        {
            var epoch = distribution.InvalidationEpoch;
            foreach (var entry in entries.OrderBy(e => e.Epoch))
            {
                var paths = new List<InvalidationPath>();
                foreach (var text in entry.Paths)
                {
                    if (InvalidationPath.TryParse(text, out var path, out _))
                    {
                        paths.Add(path!);
                    }
                }

                var record = new InvalidationRecord
                {
                    Id = entry.Id,
                    DistributionId = distribution.Id,
                    Paths = entry.Paths,
                    Parsed = [.. paths],
                    CallerReference = entry.CallerReference,
                    CreateTime = entry.Time,
                    Epoch = entry.Epoch,
                };
                if (log.Add(record, MaxRetained) is { } dropped)
                {
                    _byId.TryRemove(dropped.Id, out _);
                }

                _byId[record.Id] = record;
                epoch = Math.Max(epoch, entry.Epoch);
            }

            distribution.RestoreInvalidationEpoch(epoch);
        }
    }

    /// <summary>The retained invalidations of every distribution, oldest first (journal compaction).</summary>
    public IEnumerable<InvalidationRecord> Retained(Distribution distribution) =>
        _logs.TryGetValue(distribution, out var log) ? log.Snapshot : [];

    public InvalidationRecord? Find(string id) => _byId.GetValueOrDefault(id);

    public IEnumerable<InvalidationRecord> List(Distribution distribution) =>
        _logs.TryGetValue(distribution, out var log) ? log.Snapshot.Reverse() : [];

    /// <summary>Records an invalidation; from the moment this returns no lookup serves a matching entry cached before.</summary>
    public InvalidationRecord Create(Distribution distribution, InvalidationPath[] paths, string? callerReference)
    {
        var log = _logs.GetOrAdd(distribution, static _ => new DistributionLog());
        lock (log)
        {
            if (callerReference is not null)
            {
                foreach (var existing in log.Snapshot)
                {
                    if (existing.CallerReference == callerReference)
                    {
                        return existing;
                    }
                }
            }

            // The record is visible before the epoch moves: a lookup that sees the new epoch also sees the record.
            var record = new InvalidationRecord
            {
                Id = NewId(),
                DistributionId = distribution.Id,
                Paths = [.. paths.Select(p => p.Text)],
                Parsed = paths,
                CallerReference = callerReference,
                CreateTime = _time.GetUtcNow(),
                Epoch = distribution.InvalidationEpoch + 1,
            };
            Journal(distribution, record);
            if (log.Add(record, MaxRetained) is { } dropped)
            {
                _byId.TryRemove(dropped.Id, out _);
            }

            _byId[record.Id] = record;
            distribution.AdvanceInvalidationEpoch();
            return record;
        }
    }

    /// <summary>True when an invalidation made after <paramref name="entry"/> was filled covers it; otherwise the
    /// entry is re-stamped with <paramref name="currentEpoch"/>.</summary>
    public bool IsInvalidated(CacheEntry entry, int currentEpoch)
    {
        if (!_logs.TryGetValue(entry.Distribution, out var log))
        {
            entry.Epoch = currentEpoch;
            return false;
        }

        var records = log.Snapshot;
        if (records.Length > 0 && entry.Epoch < records[0].Epoch - 1)
        {
            return true;
        }

        foreach (var record in records)
        {
            if (record.Epoch <= entry.Epoch || record.Epoch > currentEpoch)
            {
                continue;
            }

            foreach (var path in record.Parsed)
            {
                if (path.Matches(entry.Path) || (path.Match == "/" && !path.IsPrefix && entry.Path == entry.Distribution.DefaultRootPath))
                {
                    return true;
                }
            }
        }

        entry.Epoch = currentEpoch;
        return false;
    }

    /// <summary>Journals the invalidation; if that fails the distribution's disk entries are purged instead, since a
    /// restart could not tell they were invalidated.</summary>
    private void Journal(Distribution distribution, InvalidationRecord record)
    {
        if (_journal is null)
        {
            return;
        }

        try
        {
            _journal.Append(record);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var purged = _store?.Disk?.RemoveByPrefix(distribution.KeyPrefix) ?? 0;
            Log.JournalFailed(_logger, record.Id, distribution.Id, purged, ex);
        }
    }

    private static string NewId() => "I" + RandomNumberGenerator.GetString(IdAlphabet, 13);

    private sealed class DistributionLog
    {
        private InvalidationRecord[] _records = [];

        public InvalidationRecord[] Snapshot => Volatile.Read(ref _records);

        /// <summary>Appends; returns the record dropped to stay within <paramref name="max"/>, if any.</summary>
        public InvalidationRecord? Add(InvalidationRecord record, int max)
        {
            var current = _records;
            InvalidationRecord[] next = current.Length < max ? [.. current, record] : [.. current[1..], record];
            Volatile.Write(ref _records, next);
            return current.Length < max ? null : current[0];
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Invalidation {Id} of {Distribution} could not be journaled; {Purged} disk entries of the distribution purged instead.")]
        public static partial void JournalFailed(ILogger logger, string id, string distribution, int purged, Exception exception);
    }
}
