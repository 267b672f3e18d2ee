using System.Security.Cryptography;
using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Configuration;
using EdgeCdn.TestCommon;
using static EdgeCdn.Edge.Tests.Caching.TestEntries;

namespace EdgeCdn.Edge.Tests.Caching;

/// <summary>How the memory and disk tiers work together behind the seam.</summary>
public sealed class TieredCacheStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new("edgecdn-tiered");

    public void Dispose() => _directory.Dispose();

    private TieredCacheStore Store(bool disk, long memoryBytes = 1_000_000, long maxObjectBytes = 10_000)
    {
        var options = new CacheStoreOptions { MemoryBytes = memoryBytes, MaxObjectBytes = maxObjectBytes };
        if (disk)
        {
            options.Disk = new DiskCacheOptions { Path = _directory.Path, MaxBytes = 100_000_000, MaxObjectBytes = 10_000_000 };
        }

        var store = new TieredCacheStore(options, TimeProvider.System, synchronousDiskWrites: true);
        store.Disk?.Load(id => id == Site.Id ? Site : null, dropAll: false);
        return store;
    }

    [Fact]
    public void NewerCopyRefusedByMemory_OlderCopyDropped_NoDiskTier()
    {
        using var store = Store(disk: false);
        var older = Entry("/k", new byte[100]);
        store.TrySet(older);

        Assert.False(store.TrySet(Entry("/k", new byte[20_000])));

        Assert.False(store.TryGet(Key("/k"), out _));
        Assert.True(older.IsDropped);
    }

    [Fact]
    public async Task NewerCopyTooLargeForMemory_KeptOnDisk_OlderMemoryCopyDropped()
    {
        using var store = Store(disk: true);
        store.TrySet(Entry("/k", new byte[100]));
        var newer = RandomNumberGenerator.GetBytes(20_000);

        Assert.True(store.TrySet(Entry("/k", newer)));

        Assert.False(store.TryGet(Key("/k"), out _));
        var found = await store.FindAsync(Key("/k"), CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(20_000, found.Body.Length);
    }

    [Fact]
    public async Task WrittenThrough_EvictedFromMemory_FoundOnDiskAndPromoted_WrittenOnce()
    {
        using var store = Store(disk: true, memoryBytes: 50_000, maxObjectBytes: 4_000);
        var bodies = Enumerable.Range(0, 30).Select(_ => RandomNumberGenerator.GetBytes(3_000)).ToList();
        for (var i = 0; i < bodies.Count; i++)
        {
            Assert.True(store.TrySet(Entry("/o" + i, bodies[i])));
        }

        Assert.Equal(30, store.Disk!.Count);
        Assert.False(store.TryGet(Key("/o0"), out _));

        var found = await store.FindAsync(Key("/o0"), CancellationToken.None);

        Assert.NotNull(found);
        var copy = new MemoryStream();
        await found.Body.CopyToAsync(copy, 0, found.Body.Length, CancellationToken.None);
        Assert.Equal(bodies[0], copy.ToArray());
        Assert.True(store.TryGet(Key("/o0"), out var promoted));
        Assert.Same(found, promoted);
        Assert.Equal(30, store.Statistics.Admissions(CacheTier.Disk));
        Assert.Equal(1, store.Statistics.DiskHits.Value);
    }

    [Fact]
    public async Task Remove_DropsBothTiers_AndRefreshReplacesTheOlderFile()
    {
        using var store = Store(disk: true);
        var first = Entry("/r", new byte[500]);
        store.TrySet(first);
        var firstFile = first.Persisted!.FileName;
        var second = Entry("/r", new byte[600]);
        store.TrySet(second);

        Assert.False(File.Exists(firstFile));
        Assert.Equal(1, store.Disk!.Count);
        Assert.True(store.Remove(second));
        Assert.False(store.TryGet(Key("/r"), out _));
        Assert.Null(await store.FindAsync(Key("/r"), CancellationToken.None));
        Assert.Equal(0, store.Disk.Count);
    }
}
