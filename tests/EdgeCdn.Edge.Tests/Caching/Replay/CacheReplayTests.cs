using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Caching.Replay;

namespace EdgeCdn.Edge.Tests.Caching.Replay;

/// <summary>The replay drives the real stores; results are exact and deterministic.</summary>
public sealed class CacheReplayTests
{
    private static readonly SyntheticTrace Trace = new() { Alpha = 0.9, Objects = 10_000, Requests = 100_000, MedianBytes = 10_000, OneHitShare = 0.3, Seed = 4 };

    private static ReplayResult Run(EvictionPolicy policy, long memoryBytes, long? diskBytes = null) =>
        CacheReplay.Run(Trace.Generate(), Trace.Requests, new ReplayOptions { Policy = policy, MemoryBytes = memoryBytes, DiskBytes = diskBytes });

    [Fact]
    public void HandMadeTrace_CountsHitsBytesAndHalves()
    {
        TraceRequest[] trace = [new(0, 1, 100), new(1, 2, 50), new(2, 1, 100), new(3, 2, 50)];

        var result = CacheReplay.Run(trace, trace.Length, new ReplayOptions { MemoryBytes = 10_000 });

        Assert.Equal(4, result.Requests);
        Assert.Equal(2, result.MemoryHits);
        Assert.Equal(150, result.MemoryHitBytes);
        Assert.Equal(0.5, result.ObjectHitRatio);
        Assert.Equal(0.5, result.ByteHitRatio);
        Assert.Equal(2, result.SecondHalfRequests);
        Assert.Equal(1.0, result.SecondHalfObjectHitRatio);
        Assert.Equal(0, result.MemoryEvictions);
    }

    [Theory]
    [InlineData(EvictionPolicy.S3Fifo)]
    [InlineData(EvictionPolicy.Lru)]
    [InlineData(EvictionPolicy.MemoryCache)]
    public void SameTraceTwice_SameResult(EvictionPolicy policy)
    {
        var first = Run(policy, 1_500_000);
        var second = Run(policy, 1_500_000);

        Assert.Equal(first.MemoryHits, second.MemoryHits);
        Assert.Equal(first.MemoryHitBytes, second.MemoryHitBytes);
        Assert.Equal(first.MemoryEvictions, second.MemoryEvictions);
        Assert.True(first.MemoryEvictions > 0);
    }

    [Fact]
    public void OneHitWonders_S3FifoAheadOfLruAndMemoryCache()
    {
        var s3Fifo = Run(EvictionPolicy.S3Fifo, 1_500_000);
        var lru = Run(EvictionPolicy.Lru, 1_500_000);
        var memoryCache = Run(EvictionPolicy.MemoryCache, 1_500_000);

        Assert.True(s3Fifo.ByteHitRatio > lru.ByteHitRatio + 0.03, $"S3-FIFO {s3Fifo.ByteHitRatio:0.000}, LRU {lru.ByteHitRatio:0.000}");
        Assert.True(s3Fifo.ByteHitRatio > memoryCache.ByteHitRatio + 0.03, $"S3-FIFO {s3Fifo.ByteHitRatio:0.000}, MemoryCache {memoryCache.ByteHitRatio:0.000}");
    }

    [Fact]
    public void WithDisk_DiskTierAddsHits()
    {
        var small = new SyntheticTrace { Alpha = 0.9, Objects = 2000, Requests = 20_000, MedianBytes = 2000, Seed = 4 };
        var memoryOnly = CacheReplay.Run(small.Generate(), small.Requests, new ReplayOptions { MemoryBytes = 200_000 });
        var withDisk = CacheReplay.Run(small.Generate(), small.Requests, new ReplayOptions { MemoryBytes = 200_000, DiskBytes = 2_000_000 });

        Assert.True(withDisk.DiskHits > 0);
        Assert.True(withDisk.ObjectHitRatio > memoryOnly.ObjectHitRatio + 0.05);
    }
}
