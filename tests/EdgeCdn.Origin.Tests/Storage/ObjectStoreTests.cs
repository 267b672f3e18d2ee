using System.Text;
using EdgeCdn.Origin.Storage;
using EdgeCdn.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCdn.Origin.Tests.Storage;

/// <summary>The storage engine on its own: listing order and roll-up, leases that keep blobs of a replaced object
/// readable, and the start-up clean-up of temporary files.</summary>
public sealed class ObjectStoreTests : IDisposable
{
    private readonly TempDirectory _data = new("edgecdn-store");
    private readonly ObjectStore _store;

    public ObjectStoreTests()
    {
        _store = new ObjectStore(_data.Combine("data"), fsync: true, NullLoggerFactory.Instance);
        _store.Initialize();
        _store.CreateBucketAsync(new BucketRecord("b", "root", "us-east-1", DateTimeOffset.UtcNow), default).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task ListObjects_UsesUtf8ByteOrder_NotUtf16()
    {
        // U+FFFD sorts after U+10000 in UTF-16 code units but before it in UTF-8 bytes (EF.. < F0..), as S3 orders.
        string[] keys = ["a", "\uFFFD", "\U00010000", "B", "a/b"];
        foreach (var key in keys)
        {
            await PutAsync(key, "x");
        }

        var listing = _store.ListObjects("b", string.Empty, null, null, 1000);

        Assert.Equal(keys.OrderBy(k => Encoding.UTF8.GetBytes(k), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))), listing.Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task ListObjects_DelimiterRollUp_MultiCharacterDelimiter_AndMarkersInsidePrefixes()
    {
        foreach (var key in new[] { "p/a::x", "p/a::y", "p/b", "p/c::z", "q" })
        {
            await PutAsync(key, "x");
        }

        var all = _store.ListObjects("b", "p/", "::", null, 1000);
        var afterInside = _store.ListObjects("b", "p/", "::", "p/a::x", 1000);
        var paged = _store.ListObjects("b", "p/", "::", null, 2);

        Assert.Equal(["p/a::", "p/c::"], all.CommonPrefixes);
        Assert.Equal(["p/b"], all.Objects.Select(o => o.Key));
        Assert.Equal(["p/c::"], afterInside.CommonPrefixes);
        Assert.True(paged.IsTruncated);
        Assert.Equal("p/b", paged.NextMarker);
    }

    [Fact]
    public async Task OpenObject_ThenOverwrite_TheLeasedDataStaysReadableUntilReleased()
    {
        await PutAsync("k", "old data");
        var opened = _store.OpenObject("b", "k")!.Value;
        var oldPath = _store.Blobs.PathOf(opened.Object.BlobId!);

        await PutAsync("k", "new data");

        Assert.True(File.Exists(oldPath));
        Assert.Equal("old data", await File.ReadAllTextAsync(oldPath));
        Assert.Equal("new data", await ReadAsync("k"));
        opened.Lease.Dispose();
        Assert.False(File.Exists(oldPath));
    }

    [Fact]
    public async Task Delete_RemovesTheBlob_AndInitializeRemovesTemporaryFiles()
    {
        await PutAsync("gone", "bytes");
        var blob = _store.FindObject("b", "gone")!.BlobId!;
        await _store.DeleteAsync("b", "gone", versionId: null, DateTimeOffset.UtcNow, "root", default);
        using (var abandoned = _store.Blobs.CreateWriter())
        {
            abandoned.Stream.Write("failed upload"u8);
            Assert.Single(Directory.GetFiles(_store.Blobs.TempDirectory));
        }

        await File.WriteAllTextAsync(Path.Combine(_store.Blobs.TempDirectory, "left-by-a-crash.part"), "half");

        Assert.False(File.Exists(_store.Blobs.PathOf(blob)));
        Assert.Single(Directory.GetFiles(_store.Blobs.TempDirectory));
        _store.Blobs.Initialize();
        Assert.Empty(Directory.GetFiles(_store.Blobs.TempDirectory));
    }

    [Fact]
    public void Successor_IsTheFirstStringAfterEveryExtension()
    {
        Assert.Equal("a0"u8.ToArray(), ObjectStore.Successor("a/"u8));
        Assert.Equal(new byte[] { 0x62 }, ObjectStore.Successor(new byte[] { 0x61, 0xFF }));
        Assert.Null(ObjectStore.Successor([]));
    }

    [Fact]
    public async Task HotMetadata_NeverOutlivesAWrite_AbsencesIncluded()
    {
        Assert.Null(_store.FindObject("b", "hot"));
        Assert.Null(_store.FindObject("b", "hot"));
        await PutAsync("hot", "one");
        Assert.Equal("one", await ReadAsync("hot"));
        Assert.Equal("one", await ReadAsync("hot"));
        await PutAsync("hot", "two");
        Assert.Equal("two", await ReadAsync("hot"));

        // A write to any other key, even a failed one, leaves the answer the same.
        await PutAsync("other", "x");
        await Assert.ThrowsAnyAsync<Exception>(() => _store.PutObjectAsync(new ObjectRecord
        {
            Bucket = "no-such-bucket", Key = "k", Size = 0, ETag = "e", LastModified = DateTimeOffset.UtcNow, Owner = "root", Metadata = ObjectMetadata.Empty,
        }, null, default));
        Assert.Equal("two", await ReadAsync("hot"));

        await _store.DeleteAsync("b", "hot", null, DateTimeOffset.UtcNow, "root", default);
        Assert.Null(_store.FindObject("b", "hot"));
    }

    [Fact]
    public async Task HotMetadata_ConcurrentReaders_SeeEveryAcknowledgedOverwrite()
    {
        await PutAsync("race", "0");
        var acknowledged = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var floor = Volatile.Read(ref acknowledged);
                var seen = int.Parse(await ReadAsync("race"), System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(seen >= floor, $"read {seen} after write {floor} was acknowledged");
            }
        })).ToList();

        for (var i = 1; i <= 200; i++)
        {
            await PutAsync("race", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Volatile.Write(ref acknowledged, i);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal("200", await ReadAsync("race"));
    }

    private async Task PutAsync(string key, string content)
    {
        string blobId;
        using (var writer = _store.Blobs.CreateWriter())
        {
            writer.Stream.Write(Encoding.UTF8.GetBytes(content));
            blobId = writer.Publish();
        }

        await _store.PutObjectAsync(new ObjectRecord
        {
            Bucket = "b", Key = key, Size = content.Length, ETag = "e", LastModified = DateTimeOffset.UtcNow, Owner = "root", BlobId = blobId, Metadata = ObjectMetadata.Empty,
        }, null, default);
    }

    private async Task<string> ReadAsync(string key)
    {
        var opened = _store.OpenObject("b", key)!.Value;
        using var lease = opened.Lease;
        return await File.ReadAllTextAsync(_store.Blobs.PathOf(opened.Object.BlobId!));
    }
}
