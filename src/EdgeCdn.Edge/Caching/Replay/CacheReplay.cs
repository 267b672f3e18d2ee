using System.Diagnostics;
using EdgeCdn.Edge.Caching.Memory;
using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Caching.Replay;

/// <summary>
/// Replays a request trace against the edge's real cache store (<see cref="TieredCacheStore"/> with the memory
/// tier the policy names, and the disk tier when asked): each request is a lookup; a miss stores the object with
/// exactly its trace size charged. Single-threaded, on a clock that ticks once per request, so a replay is
/// deterministic (MemoryCache's background compactions are waited for; see <see cref="MemoryCacheStore.WaitForCompaction"/>).
/// </summary>
public static class CacheReplay
{
    private static readonly TimeSpan CompactionTimeout = TimeSpan.FromSeconds(30);

    /// <param name="trace">The requests.</param>
    /// <param name="totalRequests">How many requests the trace has (where its second half starts).</param>
    /// <param name="options">The cache to replay against.</param>
    public static ReplayResult Run(IEnumerable<TraceRequest> trace, long totalRequests, ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(options);
        var clock = new ReplayClock();
        var storeOptions = new CacheStoreOptions
        {
            MemoryBytes = options.MemoryBytes,
            MaxObjectBytes = options.MaxObjectBytes ?? options.MemoryBytes,
            Policy = options.Policy.ToString(),
            SmallQueuePercent = options.SmallQueuePercent,
        };
        string? temporary = null;
        if (options.DiskBytes is { } diskBytes)
        {
            var directory = options.DiskDirectory ?? (temporary = Path.Combine(Path.GetTempPath(), "edgecdn-replay-" + Guid.NewGuid().ToString("N")));
            storeOptions.Disk = new DiskCacheOptions { Path = directory, MaxBytes = diskBytes, MaxObjectBytes = diskBytes };
        }

        try
        {
            return Replay(trace, totalRequests, options, clock, storeOptions);
        }
        finally
        {
            if (temporary is not null && Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    private static ReplayResult Replay(IEnumerable<TraceRequest> trace, long totalRequests, ReplayOptions options, ReplayClock clock, CacheStoreOptions storeOptions)
    {
        using var store = new TieredCacheStore(storeOptions, clock, synchronousDiskWrites: true);
        var disk = store.Disk;
        disk?.Load(id => id == ReplayEntries.Distribution.Id ? ReplayEntries.Distribution : null, dropAll: false);
        var statistics = store.Statistics;
        var memoryCache = store.Memory as MemoryCacheStore;
        var half = totalRequests / 2;
        long requests = 0, requested = 0, memoryHits = 0, memoryHitBytes = 0, diskHits = 0, diskHitBytes = 0;
        long secondRequests = 0, secondRequested = 0, secondHits = 0, secondHitBytes = 0;
        Span<char> key = stackalloc char[17];
        key[0] = 'o';
        var stopwatch = Stopwatch.StartNew();
        foreach (var request in trace)
        {
            clock.Tick();
            var size = Math.Max(1, request.Size);
            request.ObjectId.TryFormat(key[1..], out var written, "x");
            var lookup = key[..(written + 1)];
            var second = requests >= half;
            requests++;
            requested += size;
            if (second)
            {
                secondRequests++;
                secondRequested += size;
            }

            if (store.TryGet(lookup, out _))
            {
                memoryHits++;
                memoryHitBytes += size;
                if (second)
                {
                    secondHits++;
                    secondHitBytes += size;
                }

                continue;
            }

            var keyText = new string(lookup);
            if (disk is not null && store.FindAsync(keyText, CancellationToken.None).AsTask().GetAwaiter().GetResult() is not null)
            {
                diskHits++;
                diskHitBytes += size;
                if (second)
                {
                    secondHits++;
                    secondHitBytes += size;
                }

                continue;
            }

            var overCapacity = statistics.Rejections(CacheTier.Memory, RejectionReason.OverCapacity);
            if (!store.TrySet(ReplayEntries.Create(keyText, size)) && memoryCache is not null &&
                statistics.Rejections(CacheTier.Memory, RejectionReason.OverCapacity) != overCapacity)
            {
                memoryCache.WaitForCompaction(CompactionTimeout);
            }
        }

        stopwatch.Stop();
        if (memoryCache is not null)
        {
            WaitForQuiet(() => statistics.Evictions(EvictionQueue.MemoryCache));
        }

        return new ReplayResult
        {
            Options = options,
            Requests = requests,
            RequestedBytes = requested,
            MemoryHits = memoryHits,
            MemoryHitBytes = memoryHitBytes,
            DiskHits = diskHits,
            DiskHitBytes = diskHitBytes,
            SecondHalfRequests = secondRequests,
            SecondHalfRequestedBytes = secondRequested,
            SecondHalfHits = secondHits,
            SecondHalfHitBytes = secondHitBytes,
            MemoryEvictions = statistics.TotalEvictions(CacheTier.Memory),
            DiskEvictions = statistics.Evictions(EvictionQueue.Disk),
            MemoryRejections = Enum.GetValues<RejectionReason>().Sum(r => statistics.Rejections(CacheTier.Memory, r)),
            Elapsed = stopwatch.Elapsed,
        };
    }

    /// <summary>MemoryCache reports evictions from thread-pool callbacks: wait until they stop coming.</summary>
    private static void WaitForQuiet(Func<long> value)
    {
        var last = value();
        for (var i = 0; i < 100; i++)
        {
            Thread.Sleep(50);
            var now = value();
            if (now == last)
            {
                return;
            }

            last = now;
        }
    }
}
