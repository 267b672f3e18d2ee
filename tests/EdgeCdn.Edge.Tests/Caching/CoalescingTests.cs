using System.Security.Cryptography;
using EdgeCdn.Edge.Caching;
using EdgeCdn.TestCommon.Edge;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Edge.Tests.Caching;

/// <summary>Request coalescing: one origin fetch per key while a fill is in flight; waiters stream from it.</summary>
public sealed class CoalescingTests
{
    [Fact]
    public async Task Get_100ConcurrentForUncached1MiB_OneOriginFetch_IdenticalBodies()
    {
        await using var origin = await TestOrigin.StartAsync();
        var body = RandomNumberGenerator.GetBytes(1024 * 1024);
        origin.Put("/big.bin", body, configure: o => o.CacheControl = "max-age=3600");
        origin.Delay = TimeSpan.FromMilliseconds(300);
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create());

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var response = await edge.GetAsync("/big.bin");
            return (Status: (int)response.StatusCode, XCache: response.XCache(), Body: await response.BytesAsync());
        }));

        Assert.Equal(1, origin.CountFor("/big.bin"));
        Assert.All(responses, r =>
        {
            Assert.Equal(200, r.Status);
            Assert.Equal(body, r.Body);
        });
        Assert.Single(responses.Select(r => Convert.ToHexString(SHA256.HashData(r.Body))).Distinct());
        Assert.Contains(responses, r => r.XCache == "Miss from edgecdn");
    }

    [Fact]
    public async Task Get_WaitersStreamWhileTheOriginIsStillSending()
    {
        await using var origin = await TestOrigin.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new byte[64 * 1024];
        first.AsSpan().Fill(1);
        origin.Handle("/slow.bin", async context =>
        {
            context.Response.ContentLength = 2 * first.Length;
            context.Response.Headers.CacheControl = "max-age=600";
            await context.Response.Body.WriteAsync(first);
            await context.Response.Body.FlushAsync();
            await release.Task;
            await context.Response.Body.WriteAsync(first);
        });
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create());

        using var leader = await edge.Client.GetAsync("/slow.bin", HttpCompletionOption.ResponseHeadersRead);
        using var waiter = await edge.Client.GetAsync("/slow.bin", HttpCompletionOption.ResponseHeadersRead);
        var leaderStream = await leader.Content.ReadAsStreamAsync();
        var waiterStream = await waiter.Content.ReadAsStreamAsync();
        var buffer = new byte[first.Length];

        // Both viewers get the first 64 KiB while the origin has not finished the body.
        await leaderStream.ReadExactlyAsync(buffer);
        await waiterStream.ReadExactlyAsync(buffer);
        Assert.False(release.Task.IsCompleted);
        release.SetResult();
        await leaderStream.ReadExactlyAsync(buffer);
        await waiterStream.ReadExactlyAsync(buffer);

        Assert.Equal(1, origin.CountFor("/slow.bin"));
        Assert.Equal("Miss from edgecdn", waiter.XCache());
    }

    [Fact]
    public async Task Get_FillFinishesAfterItsFirstViewerLeft_OthersStillServed()
    {
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/a.bin", new byte[100_000], configure: o => o.CacheControl = "max-age=600");
        origin.Delay = TimeSpan.FromMilliseconds(200);
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create());

        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => edge.Client.GetAsync("/a.bin", cts.Token));
        }

        var second = await edge.GetAsync("/a.bin");

        Assert.Equal(100_000, (await second.BytesAsync()).Length);
        Assert.Equal(1, origin.CountFor("/a.bin"));
        // The fill leaves the coordinator just after its last byte reaches the viewers, not before.
        var fills = edge.GetService<FillCoordinator>();
        for (var i = 0; i < 100 && fills.InFlight != 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, fills.InFlight);
    }

    [Fact]
    public async Task Get_ConcurrentUncacheable_EachViewerGetsItsOwnResponse()
    {
        await using var origin = await TestOrigin.StartAsync();
        var counter = 0;
        origin.Handle("/me", async context =>
        {
            var n = Interlocked.Increment(ref counter);
            context.Response.Headers.CacheControl = "private";
            await Task.Delay(100);
            await context.Response.WriteAsync("user-" + n);
        });
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create());

        var bodies = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ => await (await edge.GetAsync("/me")).TextAsync()));

        Assert.Equal(5, bodies.Distinct().Count());
        Assert.Equal(5, origin.CountFor("/me"));
    }
}
