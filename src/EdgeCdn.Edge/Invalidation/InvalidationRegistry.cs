using System.Collections.Concurrent;
using System.Security.Cryptography;
using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Invalidation;

/// <summary>
/// Invalidations without scanning the cache. Each invalidation bumps its distribution's epoch; a cached entry
/// remembers the epoch it was filled under. On lookup an entry from an older epoch is checked against the
/// invalidations made since (usually none or a few), then either dropped or re-stamped with the current epoch so
/// the check happens once. Only the most recent invalidations per distribution are kept; an entry older than all
/// of them is treated as invalidated, which is never wrong, only conservative.
/// </summary>
internal sealed class InvalidationRegistry
{
    private const int MaxRetained = 4096;
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private readonly ConcurrentDictionary<string, InvalidationRecord> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Distribution, DistributionLog> _logs = new(ReferenceEqualityComparer.Instance);
    private readonly TimeProvider _time;

    public InvalidationRegistry(TimeProvider time)
    {
        _time = time;
    }

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
}
