using System.Security.Cryptography;
using EdgeCdn.Edge.Caching;
using EdgeCdn.TestCommon;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Caching.Disk;

/// <summary>
/// The real edge host in a child process, killed with SIGKILL in the middle of a large fill: after a restart on the
/// same disk directory, complete entries are hits again and the torn one is discarded, never served.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task KilledMidFill_RestartServesCompleteEntriesAsHits_AndNeverTheTornOne()
    {
        using var disk = new TempDirectory("edgecdn-crash");
        await using var origin = await TestOrigin.StartAsync();
        var small = RandomNumberGenerator.GetBytes(10_000);
        var large = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        var torn = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
        origin.Put("/small.bin", small, configure: o => o.CacheControl = "max-age=3600");
        origin.Put("/large.bin", large, configure: o => o.CacheControl = "max-age=3600");
        var stall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        origin.Handle("/torn.bin", async context =>
        {
            // Slow origin: one megabyte, then nothing until the edge is dead; whole once it is.
            context.Response.ContentLength = torn.Length;
            context.Response.Headers.CacheControl = "max-age=3600";
            if (stall.Task.IsCompleted)
            {
                await context.Response.Body.WriteAsync(torn);
                return;
            }

            await context.Response.Body.WriteAsync(torn.AsMemory(0, 1024 * 1024));
            await context.Response.Body.FlushAsync();
            await stall.Task;
            context.Abort();
        });
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri).WithDisk(disk.Combine("cache"), memoryMaxObjectBytes: 1024 * 1024);

        await using (var child = await EdgeProcess.StartAsync(config, disk.Path))
        {
            try
            {
                Assert.Equal(small, await child.Client.GetByteArrayAsync("/small.bin"));
                Assert.Equal(large, await child.Client.GetByteArrayAsync("/large.bin"));
            }
            catch (HttpRequestException ex)
            {
                throw new InvalidOperationException("The edge process failed:\n" + child.Output, ex);
            }

            await HttpAssert.EventuallyAsync(() => DiskEntries(child) == 2, "both objects written to disk");

            using var response = await child.Client.GetAsync("/torn.bin", HttpCompletionOption.ResponseHeadersRead);
            var stream = await response.Content.ReadAsStreamAsync();
            var received = new byte[1024 * 1024];
            await stream.ReadExactlyAsync(received);
            Assert.Equal(torn.AsSpan(0, received.Length).ToArray(), received);

            // The viewer read its megabyte back from the spool file: the torn file is on disk now.
            Assert.Equal(3, Directory.EnumerateFiles(disk.Combine("cache"), "*.obj", SearchOption.AllDirectories).Count());
            await child.KillAsync();
        }

        stall.SetResult();
        origin.ClearRequests();
        await using var restarted = await EdgeTestHost.StartAsync(config);
        var store = restarted.GetService<ICacheStore>();
        Assert.Equal(1, store.Disk!.DiscardedAtLoad);
        Assert.Equal(2, store.Disk.Count);

        var smallHit = await restarted.GetAsync("/small.bin");
        var largeHit = await restarted.GetAsync("/large.bin");
        var refetched = await restarted.GetAsync("/torn.bin");

        Assert.Equal("Hit from edgecdn", smallHit.XCache());
        Assert.Equal(small, await smallHit.BytesAsync());
        Assert.Equal("Hit from edgecdn", largeHit.XCache());
        Assert.Equal(large, await largeHit.BytesAsync());
        Assert.Equal("Miss from edgecdn", refetched.XCache());
        Assert.Equal(torn, await refetched.BytesAsync());
        Assert.Equal(0, origin.CountFor("/small.bin"));
        Assert.Equal(0, origin.CountFor("/large.bin"));
        Assert.Equal(1, origin.CountFor("/torn.bin"));
    }

    private static int DiskEntries(EdgeProcess child)
    {
        var metrics = child.Client.GetStringAsync("/_edgecdn/metrics").GetAwaiter().GetResult();
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("edgecdn_cache_disk_entries ", StringComparison.Ordinal));
        return line is null ? -1 : int.Parse(line["edgecdn_cache_disk_entries ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
