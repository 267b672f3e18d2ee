using BenchmarkDotNet.Attributes;
using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Benchmarks.Caching;

/// <summary>
/// The memory tier's hit path as the edge calls it (<c>ICacheStore.TryGet</c> with a span key) for each policy:
/// one thread, and two threads hitting different keys at once. The two-thread figure is wall time per lookup over
/// both threads (ideal scaling halves it); run it on two cores (taskset -c 0,1), the rest pinned to one.
/// </summary>
[MemoryDiagnoser]
public class CacheLookupBenchmarks
{
    private const int Keys = 1024;
    private const int LookupsPerThread = 64 * Keys;

    private TieredCacheStore _store = null!;
    private string[] _keys = null!;

    [Params(EvictionPolicy.S3Fifo, EvictionPolicy.Lru, EvictionPolicy.MemoryCache)]
    public EvictionPolicy Policy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new TieredCacheStore(new CacheStoreOptions { MemoryBytes = 64L * 1024 * 1024, Policy = Policy.ToString() }, TimeProvider.System);
        _keys = new string[Keys];
        for (var i = 0; i < Keys; i++)
        {
            // Keys shaped like the edge's: distribution prefix, path, empty sections.
            _keys[i] = $"bench\u001e/k/{i:D5}.bin\u001e\u001e\u001e\u001e";
            var entry = ReplayEntriesAccess.Create(_keys[i], 1024);
            if (!_store.TrySet(entry))
            {
                throw new InvalidOperationException("Setup: not stored.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(OperationsPerInvoke = Keys)]
    public int LookupHit()
    {
        var found = 0;
        var keys = _keys;
        for (var i = 0; i < keys.Length; i++)
        {
            if (_store.TryGet(keys[i].AsSpan(), out _))
            {
                found++;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = 2 * LookupsPerThread)]
    public void LookupHitTwoThreads() => Parallel.Invoke(() => Lookups(0), () => Lookups(Keys / 2));

    private void Lookups(int start)
    {
        var keys = _keys;
        for (var n = 0; n < LookupsPerThread; n++)
        {
            _store.TryGet(keys[start + (n & ((Keys / 2) - 1))].AsSpan(), out _);
        }
    }
}
