using System.Security.Cryptography;
using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Caching.Disk;
using EdgeCdn.Edge.Configuration;
using EdgeCdn.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCdn.Edge.Tests.Caching;

public sealed class FillBufferTests
{
    private static (TempDirectory Directory, DiskTier Tier) NewTier()
    {
        var directory = new TempDirectory("edgecdn-fill");
        var tier = new DiskTier(new DiskCacheOptions { Path = directory.Path, MaxBytes = 64 * 1024 * 1024, MaxObjectBytes = 64 * 1024 * 1024 }, 1000,
            new CacheStatistics(), NullLogger.Instance, synchronousWrites: true);
        tier.Load(id => id == TestEntries.Site.Id ? TestEntries.Site : null, dropAll: false);
        return (directory, tier);
    }

    private static DiskEntryHeader Header(string path) => DiskEntryHeader.From(TestEntries.Entry(path, new byte[1]));

    private static async Task WriteSlowlyAsync(FillBuffer buffer, byte[] data)
    {
        for (var offset = 0; offset < data.Length; offset += 7000)
        {
            Assert.True(buffer.TryWrite(data.AsSpan(offset, Math.Min(7000, data.Length - offset))));
            await Task.Yield();
        }
    }

    [Fact]
    public async Task UnannouncedBodyOverTheMemoryLimit_SpillsToItsFile_ReadersFollowAcross()
    {
        var (directory, tier) = NewTier();
        using var _ = directory;
        using var __ = tier;
        var data = RandomNumberGenerator.GetBytes(400_000);
        var buffer = new FillBuffer(null, limit: 10_000_000, memoryLimit: 100_000, spoolFactory: () => tier.CreateSpool(Header("/spill"), null));
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => ReadAllAsync(buffer))).ToArray();

        await WriteSlowlyAsync(buffer, data);
        Assert.True(buffer.Complete());

        Assert.True(buffer.IsSpooled);
        Assert.True(buffer.IsCacheable);
        foreach (var reader in readers)
        {
            Assert.Equal(data, await reader);
        }

        Assert.Equal(data.AsSpan(350_000).ToArray(), await ReadAllAsync(buffer, 350_000));
        var body = Assert.IsType<DiskCacheBody>(buffer.ToBody());
        var stored = new MemoryStream();
        await body.CopyToAsync(stored, 0, body.Length, CancellationToken.None);
        Assert.Equal(data, stored.ToArray());
    }

    [Fact]
    public async Task AnnouncedBodyOverTheMemoryLimit_SpooledFromTheFirstByte()
    {
        var (directory, tier) = NewTier();
        using var _ = directory;
        using var __ = tier;
        var data = RandomNumberGenerator.GetBytes(300_000);
        var spool = tier.CreateSpool(Header("/announced"), data.Length)!;
        var buffer = new FillBuffer(data.Length, limit: 10_000_000, memoryLimit: 100_000, spool: spool);
        var reader = Task.Run(() => ReadAllAsync(buffer));

        await WriteSlowlyAsync(buffer, data);
        Assert.True(buffer.Complete());

        Assert.Equal(data, await reader);
        Assert.IsType<DiskCacheBody>(buffer.ToBody());
    }

    [Fact]
    public async Task NoRoomOnDisk_RestStaysInMemory_ServedButNotCacheable()
    {
        var data = RandomNumberGenerator.GetBytes(250_000);
        var buffer = new FillBuffer(null, limit: 10_000_000, memoryLimit: 100_000, spoolFactory: () => null);
        var reader = Task.Run(() => ReadAllAsync(buffer));

        await WriteSlowlyAsync(buffer, data);
        Assert.True(buffer.Complete());

        Assert.Equal(data, await reader);
        Assert.False(buffer.IsCacheable);
        Assert.False(buffer.IsSpooled);
    }

    [Theory]
    [InlineData(200_000, true)]
    [InlineData(200_000, false)]
    [InlineData(0, true)]
    public async Task Readers_FollowTheWriter_AndSeeEveryByte(int size, bool announced)
    {
        var data = new byte[size];
        Random.Shared.NextBytes(data);
        var buffer = new FillBuffer(announced ? size : null, limit: 1_000_000);
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => ReadAllAsync(buffer))).ToArray();

        for (var offset = 0; offset < size; offset += 7000)
        {
            Assert.True(buffer.TryWrite(data.AsSpan(offset, Math.Min(7000, size - offset))));
            await Task.Yield();
        }

        Assert.True(buffer.Complete());
        foreach (var reader in readers)
        {
            Assert.Equal(data, await reader);
        }

        var body = buffer.ToBody();
        Assert.Equal(size, body.Length);
        var stored = new MemoryStream();
        await body.CopyToAsync(stored, 0, size, CancellationToken.None);
        Assert.Equal(data, stored.ToArray());
    }

    [Fact]
    public void TryWrite_PastLimitOrAnnouncedLength_Refused()
    {
        Assert.False(new FillBuffer(null, limit: 10).TryWrite(new byte[11]));
        Assert.False(new FillBuffer(5, limit: 10).TryWrite(new byte[6]));
    }

    [Fact]
    public async Task Complete_ShortOfAnnouncedLength_FailsReaders()
    {
        var buffer = new FillBuffer(10, limit: 100);
        buffer.TryWrite(new byte[4]);

        Assert.False(buffer.Complete());
        using var reader = buffer.CreateReader();
        await reader.ReadAsync(CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(async () => await reader.ReadAsync(CancellationToken.None));
    }

    internal static async Task<byte[]> ReadAllAsync(FillBuffer buffer, long position = 0)
    {
        using var reader = buffer.CreateReader(position);
        var copy = new MemoryStream();
        while (true)
        {
            var chunk = await reader.ReadAsync(CancellationToken.None);
            if (chunk.IsEmpty)
            {
                return copy.ToArray();
            }

            copy.Write(chunk.Span);
        }
    }
}
