using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeCdn.Edge.Caching;
using EdgeCdn.TestCommon;
using EdgeCdn.TestCommon.Edge;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.Edge.Tests.Caching.Disk;

/// <summary>The disk tier through the edge: restarts, large objects served from their files, invalidation across
/// restarts, unreadable files served as misses.</summary>
public sealed class DiskPersistenceTests : IAsyncLifetime
{
    private readonly TempDirectory _disk = new("edgecdn-edge-disk");
    private readonly ManualTimeProvider _clock = TestClock.Create();
    private TestOrigin _origin = null!;

    public async Task InitializeAsync() => _origin = await TestOrigin.StartAsync();

    public async Task DisposeAsync()
    {
        await _origin.DisposeAsync();
        _disk.Dispose();
    }

    private JsonObject Config(Action<JsonObject>? edit = null)
    {
        var config = EdgeConfig.ForHttpOrigin(_origin.BaseUri).WithDisk(_disk.Path, memoryMaxObjectBytes: 1024 * 1024);
        edit?.Invoke(config);
        return config;
    }

    private Task<EdgeTestHost> StartEdgeAsync(Action<JsonObject>? edit = null, ListLoggerProvider? logs = null) =>
        EdgeTestHost.StartAsync(Config(edit), _clock, logs is null ? null : b => b.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));

    /// <summary>Waits until the disk tier holds <paramref name="entries"/> files (fills store a moment after their
    /// viewers finish; writes happen behind).</summary>
    private static Task OnDiskAsync(EdgeTestHost edge, int entries) =>
        HttpAssert.EventuallyAsync(() => edge.GetService<ICacheStore>().Disk!.Count == entries, $"{entries} entries on disk");

    private byte[] Put(string path, int bytes)
    {
        var body = RandomNumberGenerator.GetBytes(bytes);
        _origin.Put(path, body, configure: o => o.CacheControl = "max-age=3600");
        return body;
    }

    [Fact]
    public async Task Restart_CachedObjects_AreHitsAgain()
    {
        var a = Put("/a.bin", 10_000);
        var b = Put("/b.bin", 100);
        await using (var first = await StartEdgeAsync())
        {
            Assert.Equal("Miss from edgecdn", (await first.GetAsync("/a.bin")).XCache());
            Assert.Equal("Miss from edgecdn", (await first.GetAsync("/b.bin")).XCache());
            await OnDiskAsync(first, 2);
        }

        await using var second = await StartEdgeAsync();
        var hitA = await second.GetAsync("/a.bin");
        var hitB = await second.GetAsync("/b.bin");

        Assert.Equal("Hit from edgecdn", hitA.XCache());
        Assert.Equal(a, await hitA.BytesAsync());
        Assert.Equal("Hit from edgecdn", hitB.XCache());
        Assert.Equal(b, await hitB.BytesAsync());
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(a)) + "\"", hitA.Headers.ETag?.Tag);
        Assert.Equal(1, _origin.CountFor("/a.bin"));
        Assert.Equal(1, _origin.CountFor("/b.bin"));
        // Promoted back into memory: the next hit takes the memory path.
        Assert.True(second.GetService<ICacheStore>().TryGet(FindKey(second, "/a.bin"), out _));
    }

    [Fact]
    public async Task LargeObject_CachedOnDisk_ServedFromItsFileWithRanges_AlsoAfterRestart()
    {
        var body = Put("/large.bin", 3 * 1024 * 1024);
        await using (var first = await StartEdgeAsync())
        {
            var miss = await first.GetAsync("/large.bin");
            Assert.Equal("Miss from edgecdn", miss.XCache());
            Assert.Equal(body, await miss.BytesAsync());
            // The viewer can finish a moment before the fill stores the entry.
            await HttpAssert.EventuallyAsync(() => first.GetService<ICacheStore>().Disk!.Count == 1, "the spooled fill committed");

            var hit = await first.GetAsync("/large.bin");
            Assert.Equal("Hit from edgecdn", hit.XCache());
            Assert.Equal(body, await hit.BytesAsync());
            var store = first.GetService<ICacheStore>();
            Assert.True(store.Bytes < 64 * 1024, $"the memory tier holds {store.Bytes} bytes: the large body must stay on disk");
            Assert.True(store.Disk!.Bytes > body.Length);
        }

        await using var second = await StartEdgeAsync();
        var range = await second.GetAsync("/large.bin", r => r.Headers.Range = new RangeHeaderValue(1_000_000, 1_000_099));
        var multi = await second.GetAsync("/large.bin", r =>
        {
            r.Headers.Range = new RangeHeaderValue();
            r.Headers.Range.Ranges.Add(new RangeItemHeaderValue(0, 9));
            r.Headers.Range.Ranges.Add(new RangeItemHeaderValue(null, 10));
        });
        var whole = await second.GetAsync("/large.bin");

        Assert.Equal(206, (int)range.StatusCode);
        Assert.Equal("Hit from edgecdn", range.XCache());
        Assert.Equal(body.AsSpan(1_000_000, 100).ToArray(), await range.BytesAsync());
        Assert.Equal("bytes 1000000-1000099/3145728", range.Content.Headers.ContentRange?.ToString());
        Assert.Equal(206, (int)multi.StatusCode);
        Assert.Equal("multipart/byteranges", multi.Content.Headers.ContentType?.MediaType);
        var parts = await multi.TextAsync();
        Assert.Contains("Content-Range: bytes 0-9/3145728", parts);
        Assert.Contains("Content-Range: bytes 3145718-3145727/3145728", parts);
        Assert.Equal(body, await whole.BytesAsync());
        Assert.Equal(1, _origin.CountFor("/large.bin"));
    }

    [Fact]
    public async Task LargeObject_ViewerGetsBytesBeforeTheOriginFinished_ThenItIsCached()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var chunk = RandomNumberGenerator.GetBytes(1024 * 1024);
        _origin.Handle("/stream.bin", async context =>
        {
            context.Response.ContentLength = 4L * chunk.Length;
            context.Response.Headers.CacheControl = "max-age=3600";
            await context.Response.Body.WriteAsync(chunk);
            await context.Response.Body.FlushAsync();
            await release.Task;
            for (var i = 0; i < 3; i++)
            {
                await context.Response.Body.WriteAsync(chunk);
            }
        });
        await using var edge = await StartEdgeAsync();

        using var response = await edge.Client.GetAsync("/stream.bin", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var first = new byte[chunk.Length];
        await stream.ReadExactlyAsync(first);
        Assert.False(release.Task.IsCompleted);
        release.SetResult();
        var rest = new MemoryStream();
        await stream.CopyToAsync(rest);

        Assert.Equal(chunk, first);
        Assert.Equal(3L * chunk.Length, rest.Length);
        await HttpAssert.EventuallyAsync(() => edge.GetService<ICacheStore>().Disk!.Count == 1, "the spooled fill committed");
        var hit = await edge.GetAsync("/stream.bin");
        Assert.Equal("Hit from edgecdn", hit.XCache());
        Assert.Equal(4L * chunk.Length, (await hit.BytesAsync()).Length);
        Assert.Equal(1, _origin.CountFor("/stream.bin"));
    }

    [Fact]
    public async Task AboveTheDiskCap_StreamsThroughUncached()
    {
        var body = Put("/huge.bin", 3 * 1024 * 1024);
        await using var edge = await StartEdgeAsync(c => c.Edge()["Cache"]!["Disk"]!["MaxObjectBytes"] = 2 * 1024 * 1024);

        var first = await edge.GetAsync("/huge.bin");
        var second = await edge.GetAsync("/huge.bin");

        Assert.Equal(body, await second.BytesAsync());
        Assert.Equal("Miss from edgecdn", first.XCache());
        Assert.Equal("Miss from edgecdn", second.XCache());
        Assert.Equal(2, _origin.CountFor("/huge.bin"));
        Assert.Equal(0, edge.GetService<ICacheStore>().Disk!.Count);
    }

    [Fact]
    public async Task EvictedFromMemory_HitOnDisk()
    {
        // Small queue 50,000 bytes: 40,000-byte objects are admitted to memory, and 20 of them overflow it.
        var bodies = Enumerable.Range(0, 20).Select(i => Put($"/e{i}.bin", 40_000)).ToList();
        await using var edge = await StartEdgeAsync(c =>
        {
            c.Edge()["Cache"]!["MemoryBytes"] = 500_000;
            c.Edge()["Cache"]!["MaxObjectBytes"] = 45_000;
        });
        for (var i = 0; i < bodies.Count; i++)
        {
            await edge.GetAsync($"/e{i}.bin");
        }

        await OnDiskAsync(edge, 20);
        var store = edge.GetService<ICacheStore>();
        Assert.True(store.Bytes <= 500_000);
        Assert.True(store.Statistics.Evictions(EvictionQueue.Small) > 0);
        var hit = await edge.GetAsync("/e0.bin");

        Assert.Equal("Hit from edgecdn", hit.XCache());
        Assert.Equal(bodies[0], await hit.BytesAsync());
        Assert.Equal(1, _origin.CountFor("/e0.bin"));
        Assert.True(store.Statistics.DiskHits.Value >= 1);
        var metrics = await (await edge.GetAsync("/_edgecdn/metrics")).TextAsync();
        Assert.Contains("edgecdn_cache_lookups_total{tier=\"disk\",result=\"hit\"}", metrics);
        Assert.Contains("edgecdn_cache_admissions_total{tier=\"memory\"} 21", metrics);
        Assert.Contains("edgecdn_cache_admissions_total{tier=\"disk\"} 20", metrics);
        Assert.Matches("edgecdn_cache_evictions_total\\{queue=\"small\"\\} [1-9]", metrics);
        Assert.Contains("edgecdn_cache_queue_size_bytes{queue=\"disk\"}", metrics);
        Assert.Contains("edgecdn_cache_disk_entries 20", metrics);
    }

    [Fact]
    public async Task Invalidation_AppliesToDiskEntries_AndSurvivesRestart()
    {
        Put("/a.txt", 100);
        var b = Put("/b.txt", 100);
        await using (var first = await StartEdgeAsync())
        {
            await first.GetAsync("/a.txt");
            await first.GetAsync("/b.txt");
            await OnDiskAsync(first, 2);
            var created = await first.SendAsync(HttpMethod.Post, "/_edgecdn/invalidations", r =>
            {
                r.Content = JsonContent.Create(new { distributionId = "site", paths = new[] { "/a.txt" } });
                r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeConfig.AdminToken);
            });
            Assert.Equal(201, (int)created.StatusCode);
        }

        var a2 = Put("/a.txt", 100);
        await using var second = await StartEdgeAsync();
        var a = await second.GetAsync("/a.txt");
        var hitB = await second.GetAsync("/b.txt");

        Assert.Equal("Miss from edgecdn", a.XCache());
        Assert.Equal(a2, await a.BytesAsync());
        Assert.Equal(2, _origin.CountFor("/a.txt"));
        Assert.Equal("Hit from edgecdn", hitB.XCache());
        Assert.Equal(b, await hitB.BytesAsync());
        Assert.Single(await (await second.SendAsync(HttpMethod.Get, "/_edgecdn/invalidations", r =>
            r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeConfig.AdminToken))).Content.ReadFromJsonAsync<JsonObject>() is { } list
            ? list["items"]!.AsArray()
            : []);
    }

    [Fact]
    public async Task JournalMissing_DiskEntriesUntrusted_AllDropped()
    {
        Put("/a.txt", 100);
        await using (var first = await StartEdgeAsync())
        {
            await first.GetAsync("/a.txt");
            await OnDiskAsync(first, 1);
        }

        File.Delete(Path.Combine(_disk.Path, "invalidations.jsonl"));
        await using var second = await StartEdgeAsync();

        Assert.Equal("Miss from edgecdn", (await second.GetAsync("/a.txt")).XCache());
    }

    [Fact]
    public async Task CorruptFile_LoggedWarning_ServedAsAMissWithTheRightBody()
    {
        var body = Put("/c.bin", 50_000);
        await using (var first = await StartEdgeAsync())
        {
            await first.GetAsync("/c.bin");
            await OnDiskAsync(first, 1);
        }

        var file = Directory.EnumerateFiles(_disk.Path, "*.obj", SearchOption.AllDirectories).Single();
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = stream.Length - 1000;
            stream.WriteByte(0xFF);
            stream.Position = stream.Length - 999;
            stream.WriteByte(0x00);
        }

        var logs = new ListLoggerProvider();
        await using var second = await StartEdgeAsync(logs: logs);
        var response = await second.GetAsync("/c.bin");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Miss from edgecdn", response.XCache());
        Assert.Equal(body, await response.BytesAsync());
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("corrupt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LargeObjectFileDeleted_ServedAsAMiss()
    {
        var body = Put("/big.bin", 2 * 1024 * 1024);
        await using var edge = await StartEdgeAsync();
        await edge.GetAsync("/big.bin");
        await HttpAssert.EventuallyAsync(() => edge.GetService<ICacheStore>().Disk!.Count == 1, "the spooled fill committed");
        Assert.Equal("Hit from edgecdn", (await edge.GetAsync("/big.bin")).XCache());

        foreach (var file in Directory.EnumerateFiles(_disk.Path, "*.obj", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        var response = await edge.GetAsync("/big.bin");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Miss from edgecdn", response.XCache());
        Assert.Equal(body, await response.BytesAsync());
        Assert.Equal(2, _origin.CountFor("/big.bin"));
    }

    [Fact]
    public async Task DiskUnwritable_WritesFailLogged_ObjectsStillServed()
    {
        // Every objects/xx directory is taken by a file, so no disk-tier file can be created (as with a full disk).
        var objects = Path.Combine(_disk.Path, "objects");
        Directory.CreateDirectory(objects);
        for (var i = 0; i < 256; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(objects, i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)), "");
        }

        var small = Put("/s.bin", 1000);
        var large = Put("/l.bin", 2 * 1024 * 1024);
        var logs = new ListLoggerProvider();
        await using var edge = await StartEdgeAsync(logs: logs);

        var s1 = await edge.GetAsync("/s.bin");
        var s2 = await edge.GetAsync("/s.bin");
        var l1 = await edge.GetAsync("/l.bin");
        var l2 = await edge.GetAsync("/l.bin");
        var store = edge.GetService<ICacheStore>();
        await HttpAssert.EventuallyAsync(() => store.Statistics.Rejections(CacheTier.Disk, RejectionReason.WriteFailed) >= 2, "two failed writes");

        Assert.Equal(small, await s1.BytesAsync());
        Assert.Equal("Hit from edgecdn", s2.XCache());
        Assert.Equal(small, await s2.BytesAsync());
        Assert.Equal(large, await l1.BytesAsync());
        Assert.Equal(large, await l2.BytesAsync());
        Assert.Equal("Miss from edgecdn", l2.XCache());
        Assert.Equal(2, _origin.CountFor("/l.bin"));
        Assert.Equal(0, store.Disk!.Count);
        Assert.True(store.Statistics.Rejections(CacheTier.Disk, RejectionReason.WriteFailed) >= 2);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("cannot write", StringComparison.Ordinal));
    }

    private static string FindKey(EdgeTestHost edge, string path)
    {
        var distribution = edge.GetService<EdgeCdn.Edge.Configuration.EdgeModel>().Distributions[0];
        var builder = new Core.Caching.CacheKeyBuilder(new char[256]);
        builder.AppendRaw(distribution.KeyPrefix);
        builder.AppendValue(path);
        builder.AppendSection();
        builder.AppendSection();
        builder.AppendSection();
        builder.AppendSection();
        var key = builder.ToString();
        builder.Dispose();
        return key;
    }
}
