using System.Security.Cryptography;
using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Caching.Disk;
using EdgeCdn.Edge.Configuration;
using EdgeCdn.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;
using static EdgeCdn.Edge.Tests.Caching.TestEntries;

namespace EdgeCdn.Edge.Tests.Caching.Disk;

/// <summary>The disk tier on its own: file format, reload, torn and corrupt files, CLOCK eviction, spools.</summary>
public sealed class DiskTierTests : IDisposable
{
    private readonly TempDirectory _directory = new("edgecdn-disk");
    private readonly CacheStatistics _statistics = new();

    public void Dispose() => _directory.Dispose();

    private static Distribution? Resolve(string id) => id == Site.Id ? Site : null;

    private DiskTier Tier(long maxBytes = 16 * 1024 * 1024, long promoteLimit = 64 * 1024, bool dropAll = false)
    {
        var tier = new DiskTier(new DiskCacheOptions { Path = _directory.Path, MaxBytes = maxBytes, MaxObjectBytes = maxBytes }, promoteLimit, _statistics,
            NullLogger.Instance, synchronousWrites: true);
        tier.Load(Resolve, dropAll);
        return tier;
    }

    private static async Task<byte[]> BodyAsync(CacheEntry entry, long offset = 0, long? count = null)
    {
        var copy = new MemoryStream();
        await entry.Body.CopyToAsync(copy, offset, count ?? entry.Body.Length - offset, CancellationToken.None);
        return copy.ToArray();
    }

    private static void FlipByte(string file, long offset)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ 0x5A));
    }

    [Fact]
    public async Task Written_FoundAfterRestart_WithHeadersFreshnessValidatorsAndBody()
    {
        var body = RandomNumberGenerator.GetBytes(20_000);
        var entry = Entry("/a", body, epoch: 0);
        using (var tier = Tier())
        {
            Assert.True(tier.EnqueueWrite(entry));
            Assert.True(entry.Persisted!.Live);
        }

        using var reloaded = Tier();
        var found = await reloaded.FindAsync(Key("/a"), CancellationToken.None);

        Assert.NotNull(found);
        Assert.False(found.Body.IsOnDisk);
        Assert.Equal(body, await BodyAsync(found));
        Assert.Equal(entry.Meta.Headers.Select(h => (h.Key, h.Value.ToString())), found.Meta.Headers.Select(h => (h.Key, h.Value.ToString())));
        Assert.Equal(2, found.Meta.Headers[2].Value.Count);
        Assert.Equal(entry.Meta.ETag, found.Meta.ETag);
        Assert.Equal(entry.Meta.LastModified, found.Meta.LastModified);
        Assert.Equal(entry.Meta.LastModifiedText, found.Meta.LastModifiedText);
        Assert.Equal(entry.FreshUntilTicks, found.FreshUntilTicks);
        Assert.Equal(entry.StaleWhileRevalidate, found.StaleWhileRevalidate);
        Assert.Equal(entry.StaleIfError, found.StaleIfError);
        Assert.Equal(entry.Path, found.Path);
        Assert.Same(Site, found.Distribution);
        Assert.Same(found.Persisted, reloaded.Persisted(Key("/a")));
    }

    [Fact]
    public void Load_TruncatedFile_DiscardedAsTorn()
    {
        var entry = Entry("/torn", RandomNumberGenerator.GetBytes(5000));
        string file;
        using (var tier = Tier())
        {
            tier.EnqueueWrite(entry);
            file = entry.Persisted!.FileName;
        }

        using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.SetLength(stream.Length - 7);
        }

        using var reloaded = Tier();
        Assert.False(reloaded.Contains(Key("/torn")));
        Assert.False(File.Exists(file));
        Assert.Equal(1, reloaded.DiscardedAtLoad);
    }

    [Fact]
    public void Load_SpoolWithoutTrailer_DiscardedAsTorn()
    {
        using (var tier = Tier())
        {
            var spool = tier.CreateSpool(DiskEntryHeader.From(Entry("/spooled", new byte[1])), null)!;
            spool.Write(RandomNumberGenerator.GetBytes(100_000));
            // No Finish: the process "died" mid-fill.
        }

        using var reloaded = Tier();
        Assert.False(reloaded.Contains(Key("/spooled")));
        Assert.Equal(1, reloaded.DiscardedAtLoad);
        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.obj", SearchOption.AllDirectories));
    }

    [Fact]
    public void Load_CorruptHeader_Discarded()
    {
        var entry = Entry("/header", RandomNumberGenerator.GetBytes(1000));
        using (var tier = Tier())
        {
            tier.EnqueueWrite(entry);
        }

        FlipByte(entry.Persisted!.FileName, DiskEntryFormat.PreambleBytes + 10);
        using var reloaded = Tier();
        Assert.False(reloaded.Contains(Key("/header")));
        Assert.Equal(1, reloaded.DiscardedAtLoad);
    }

    [Fact]
    public async Task Find_CorruptSmallBody_MissAndDropped()
    {
        using var tier = Tier();
        var entry = Entry("/rot", RandomNumberGenerator.GetBytes(3000));
        tier.EnqueueWrite(entry);
        FlipByte(entry.Persisted!.FileName, entry.Persisted.BodyOffset + 1500);

        Assert.Null(await tier.FindAsync(Key("/rot"), CancellationToken.None));
        Assert.False(tier.Contains(Key("/rot")));
        Assert.False(File.Exists(entry.Persisted.FileName));
    }

    [Fact]
    public async Task LargeBody_StaysInItsFile_RangesReadOnlyTheAskedBytes()
    {
        var body = RandomNumberGenerator.GetBytes(300_000);
        using var tier = Tier(promoteLimit: 10_000);
        tier.EnqueueWrite(Entry("/large", body));

        var found = await tier.FindAsync(Key("/large"), CancellationToken.None);

        Assert.NotNull(found);
        Assert.True(found.Body.IsOnDisk);
        Assert.Equal(0, found.Body.MemoryBytes);
        Assert.Equal(body.AsSpan(123_456, 1000).ToArray(), await BodyAsync(found, 123_456, 1000));
        Assert.Equal(body, await BodyAsync(found));
        Assert.Same(found, await tier.FindAsync(Key("/large"), CancellationToken.None));
    }

    [Fact]
    public async Task LargeBody_Corrupt_WholeReadStopsBeforeItsLastBlock_AndEntryDropped()
    {
        var body = RandomNumberGenerator.GetBytes(500_000);
        using var tier = Tier(promoteLimit: 10_000);
        var entry = Entry("/bitrot", body);
        tier.EnqueueWrite(entry);
        var found = (await tier.FindAsync(Key("/bitrot"), CancellationToken.None))!;
        FlipByte(entry.Persisted!.FileName, entry.Persisted.BodyOffset + 10);

        var copy = new MemoryStream();
        await Assert.ThrowsAsync<IOException>(async () => await found.Body.CopyToAsync(copy, 0, body.Length, CancellationToken.None));

        Assert.True(copy.Length < body.Length, "a corrupt body must never be delivered whole");
        Assert.False(tier.Contains(Key("/bitrot")));
    }

    [Fact]
    public async Task Open_FileDeleted_BodyUnavailableAndEntryDropped()
    {
        using var tier = Tier(promoteLimit: 10);
        var entry = Entry("/gone", RandomNumberGenerator.GetBytes(1000));
        tier.EnqueueWrite(entry);
        var found = (await tier.FindAsync(Key("/gone"), CancellationToken.None))!;
        File.Delete(entry.Persisted!.FileName);

        await Assert.ThrowsAsync<CacheBodyUnavailableException>(async () => await found.Body.OpenAsync(CancellationToken.None));
        Assert.False(tier.Contains(Key("/gone")));
    }

    [Fact]
    public async Task Eviction_StaysWithinBudget_AnEntryHitOnDiskGetsASecondChance()
    {
        var entries = Enumerable.Range(0, 12).Select(i => Entry("/e" + i, RandomNumberGenerator.GetBytes(10_000))).ToList();
        var fileBytes = 0L;
        using var tier = Tier(maxBytes: 60_000);
        tier.EnqueueWrite(entries[0]);
        fileBytes = entries[0].Persisted!.FileLength;
        tier.EnqueueWrite(entries[1]);
        Assert.NotNull(await tier.FindAsync(Key("/e0"), CancellationToken.None));

        var secondChance = false;
        foreach (var entry in entries.Skip(2))
        {
            tier.EnqueueWrite(entry);
            Assert.True(tier.Bytes <= 60_000);
            if (!tier.Contains(Key("/e1")) && !secondChance)
            {
                // The hand passed /e0 (hit) and took /e1, written after it but never hit.
                Assert.True(tier.Contains(Key("/e0")), "hit on disk: second chance");
                secondChance = true;
            }
        }

        Assert.True(secondChance);
        Assert.False(tier.Contains(Key("/e0")), "one chance only: not hit again, it goes on the next round");
        var files = Directory.EnumerateFiles(_directory.Path, "*.obj", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToList();
        Assert.Equal(files.Sum(f => f.Length), tier.Bytes);
        Assert.True(fileBytes > 10_000);
        Assert.True(_statistics.Evictions(EvictionQueue.Disk) > 0);
        Assert.Equal(tier.Count, files.Count);
    }

    [Fact]
    public void Load_UnknownDistributionOrNewerEpoch_Dropped_AndDropAllDropsEverything()
    {
        var other = new Distribution("other", ["*"], null, [], Site.DefaultBehavior, []);
        using (var tier = Tier())
        {
            tier.EnqueueWrite(Entry("/kept", new byte[10]));
            tier.EnqueueWrite(Entry("/future", new byte[10], epoch: 5));
            tier.EnqueueWrite(new CacheEntry
            {
                Key = other.KeyPrefix + "/x", Distribution = other, Path = "/x", Meta = new ResponseMeta { StatusCode = 200, Headers = [] },
                Body = MemoryCacheBody.FromArray(new byte[10]), ResponseTimeTicks = 0, Ttl = TimeSpan.FromHours(1),
            }.WithComputedSize());
        }

        using (var reloaded = Tier())
        {
            Assert.True(reloaded.Contains(Key("/kept")));
            Assert.False(reloaded.Contains(Key("/future")));
            Assert.False(reloaded.Contains(other.KeyPrefix + "/x"));
            Assert.Equal(1, reloaded.Count);
        }

        using var untrusted = Tier(dropAll: true);
        Assert.Equal(0, untrusted.Count);
        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.obj", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Load_TwoFilesForOneKey_NewerKept()
    {
        var older = Entry("/twice", RandomNumberGenerator.GetBytes(100));
        var newer = Entry("/twice", RandomNumberGenerator.GetBytes(100));
        var copy = _directory.Combine("older.bak");
        string olderFile;
        using (var tier = Tier())
        {
            tier.EnqueueWrite(older);
            olderFile = older.Persisted!.FileName;
            File.Copy(olderFile, copy);
            tier.EnqueueWrite(newer);
            Assert.False(File.Exists(olderFile));
        }

        File.Move(copy, olderFile);
        using var reloaded = Tier();
        var found = await reloaded.FindAsync(Key("/twice"), CancellationToken.None);

        Assert.Equal(await BodyAsync(newer), await BodyAsync(found!));
        Assert.False(File.Exists(olderFile));
    }

    [Fact]
    public void EnqueueWrite_DroppedEntryOrPassMarker_NotWritten_RemoveDeletesTheFile()
    {
        using var tier = Tier();
        var dropped = Entry("/dropped", new byte[10]);
        dropped.MarkDropped();
        tier.EnqueueWrite(dropped);
        Assert.False(tier.Contains(Key("/dropped")));

        var entry = Entry("/r", new byte[10]);
        tier.EnqueueWrite(entry);
        Assert.True(tier.Remove(entry));
        Assert.False(File.Exists(entry.Persisted!.FileName));
        tier.EnqueueWrite(Entry("/p1", new byte[10]));
        tier.EnqueueWrite(Entry("/p2", new byte[10]));
        Assert.Equal(2, tier.RemoveByPrefix(Site.KeyPrefix));
        Assert.Equal(0, tier.Bytes);
    }

    [Fact]
    public async Task Spool_Finished_CommittedAndServedFromTheFile()
    {
        var body = RandomNumberGenerator.GetBytes(200_000);
        using var tier = Tier(promoteLimit: 1000);
        var prototype = Entry("/spool", new byte[1]);
        var spool = tier.CreateSpool(DiskEntryHeader.From(prototype), body.Length)!;
        spool.Write(body.AsSpan(0, 150_000));
        spool.Write(body.AsSpan(150_000));
        var diskBody = spool.Finish();
        var entry = DiskEntryHeader.From(prototype).ToEntry(Site, diskBody);

        Assert.True(tier.Commit(entry, diskBody));
        Assert.Equal(body, await BodyAsync(entry));
        using var reloaded = Tier(promoteLimit: 1000);
        Assert.Equal(body, await BodyAsync((await reloaded.FindAsync(Key("/spool"), CancellationToken.None))!));
    }
}
