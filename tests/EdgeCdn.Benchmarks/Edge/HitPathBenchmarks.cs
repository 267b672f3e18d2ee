using BenchmarkDotNet.Attributes;
using EdgeCdn.Core.Caching;
using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Configuration;
using EdgeCdn.Edge.Hosting;
using EdgeCdn.Edge.Serving;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCdn.Benchmarks.Edge;

/// <summary>
/// The edge's hit path without the network: the terminal middleware serving a stored 1 KiB object (host →
/// distribution, behaviour, key in stack memory, lookup, headers, body), and the key build + lookup alone. The goal
/// is no allocation beyond the Server-Timing value the response carries.
/// </summary>
[MemoryDiagnoser]
public class HitPathBenchmarks
{
    private ServiceProvider _services = null!;
    private EdgeMiddleware _middleware = null!;
    private ICacheStore _store = null!;
    private DefaultHttpContext _context = null!;
    private string _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Edge:Distributions:0:Id"] = "bench",
            ["Edge:Distributions:0:Aliases:0"] = "*",
            ["Edge:Distributions:0:Origins:0:Id"] = "nginx",
            ["Edge:Distributions:0:Origins:0:Kind"] = "http",
            ["Edge:Distributions:0:Origins:0:Endpoint"] = "http://127.0.0.1:8081",
            ["Edge:Distributions:0:DefaultCacheBehavior:TargetOriginId"] = "nginx",
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddEdgeCdn()
            .BuildServiceProvider();
        _middleware = _services.GetRequiredService<EdgeMiddleware>();
        _store = _services.GetRequiredService<ICacheStore>();
        var model = _services.GetRequiredService<EdgeModel>();
        var distribution = model.Distributions[0];

        var builder = new CacheKeyBuilder(new char[256]);
        builder.AppendRaw(distribution.KeyPrefix);
        builder.AppendValue("/obj/1k.bin");
        builder.AppendSection();
        builder.AppendSection();
        builder.AppendSection();
        builder.AppendSection();
        _key = builder.ToString();
        _store.TrySet(new CacheEntry
        {
            Key = _key,
            Distribution = distribution,
            Path = "/obj/1k.bin",
            Meta = new ResponseMeta
            {
                StatusCode = 200,
                Headers =
                [
                    new("Content-Type", "application/octet-stream"),
                    new("Last-Modified", "Sat, 21 Nov 2026 12:00:00 GMT"),
                    new("ETag", "\"6920a0e0-400\""),
                    new("Accept-Ranges", "bytes"),
                    new("Via", model.ViaValue),
                ],
                ETag = "\"6920a0e0-400\"",
            },
            Body = MemoryCacheBody.FromArray(new byte[1024]),
            ResponseTimeTicks = DateTimeOffset.UtcNow.UtcTicks,
            Ttl = TimeSpan.FromDays(1),
            Epoch = distribution.InvalidationEpoch,
        }.WithComputedSize());

        _context = new DefaultHttpContext();
        _context.Request.Method = "GET";
        _context.Request.Path = "/obj/1k.bin";
        _context.Request.Headers.Host = "127.0.0.1:8085";
        _context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public Task Hit1KiB()
    {
        _context.Response.Headers.Clear();
        _context.Response.StatusCode = 200;
        return _middleware.InvokeAsync(_context);
    }

    [Benchmark]
    public bool KeyAndLookup()
    {
        Span<char> buffer = stackalloc char[256];
        var key = new CacheKeyBuilder(buffer);
        key.AppendRaw("bench\u001e");
        key.AppendValue("/obj/1k.bin");
        key.AppendSection();
        key.AppendSection();
        key.AppendSection();
        key.AppendSection();
        var found = _store.TryGet(key.Written, out _);
        key.Dispose();
        return found;
    }
}
