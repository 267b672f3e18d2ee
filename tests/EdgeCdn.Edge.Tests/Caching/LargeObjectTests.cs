using System.Security.Cryptography;
using EdgeCdn.Edge.Caching;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Caching;

/// <summary>Without a disk tier, objects above the memory tier's per-object limit stream through uncached, never
/// buffered whole. (With one they are cached on disk: Disk/DiskPersistenceTests.)</summary>
public sealed class LargeObjectTests
{
    private static async Task<(TestOrigin, EdgeTestHost)> StartAsync()
    {
        var origin = await TestOrigin.StartAsync();
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        config.Edge()["Cache"] = new System.Text.Json.Nodes.JsonObject { ["MaxObjectBytes"] = 1024 * 1024 };
        return (origin, await EdgeTestHost.StartAsync(config, TestClock.Create()));
    }

    [Fact]
    public async Task AboveLimit_NoDiskTier_StreamedThroughEachTime_NotStored()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        var body = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        origin.Put("/huge.bin", body, configure: o => o.CacheControl = "max-age=3600");

        var first = await edge.GetAsync("/huge.bin");
        var second = await edge.GetAsync("/huge.bin");
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => edge.GetAsync("/huge.bin")));

        Assert.Equal(body, await first.BytesAsync());
        Assert.Equal(body, await second.BytesAsync());
        foreach (var response in concurrent)
        {
            Assert.Equal(body, await response.BytesAsync());
        }

        Assert.Equal("Miss from edgecdn", second.XCache());
        Assert.Equal(6, origin.CountFor("/huge.bin"));
        var store = edge.GetService<ICacheStore>();
        Assert.True(store.Bytes < 64 * 1024, $"the store holds {store.Bytes} bytes");
    }

    [Fact]
    public async Task AboveLimit_NoDiskTier_ViewerGetsBytesBeforeTheOriginFinished()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var chunk = new byte[1024 * 1024];
        origin.Handle("/stream.bin", async context =>
        {
            context.Response.ContentLength = 4L * chunk.Length;
            await context.Response.Body.WriteAsync(chunk);
            await context.Response.Body.FlushAsync();
            await release.Task;
            for (var i = 0; i < 3; i++)
            {
                await context.Response.Body.WriteAsync(chunk);
            }
        });

        using var response = await edge.Client.GetAsync("/stream.bin", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[chunk.Length];
        await stream.ReadExactlyAsync(buffer);
        Assert.False(release.Task.IsCompleted);
        release.SetResult();
        var rest = new MemoryStream();
        await stream.CopyToAsync(rest);

        Assert.Equal(3L * chunk.Length, rest.Length);
        Assert.Equal(4L * chunk.Length, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task AboveLimit_NoDiskTier_RangeRequest_ForwardedToOrigin()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        var body = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
        origin.Put("/huge.bin", body);

        var response = await edge.GetAsync("/huge.bin", r => r.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 199));

        Assert.Equal(206, (int)response.StatusCode);
        Assert.Equal(body[100..200], await response.BytesAsync());
        Assert.Equal("bytes=100-199", origin.Requests.Last().Header("Range"));
    }
}
