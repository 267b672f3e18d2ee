using System.Text.Json.Nodes;
using EdgeCdn.Edge.Configuration;
using EdgeCdn.TestCommon.Edge;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Edge.Tests.Configuration;

public sealed class EdgeOptionsValidatorTests
{
    private static EdgeOptions Valid() => new()
    {
        Distributions =
        [
            new DistributionOptions
            {
                Id = "site",
                Aliases = ["cdn.example.test"],
                Origins = [new OriginOptions { Id = "o", Kind = "http", Endpoint = "http://127.0.0.1:9000" }],
                DefaultCacheBehavior = new CacheBehaviorOptions { TargetOriginId = "o" },
            },
        ],
    };

    [Fact]
    public void Validate_ValidConfiguration_Succeeds() =>
        Assert.True(new EdgeOptionsValidator().Validate(null, Valid()).Succeeded);

    [Fact]
    public void Validate_ManyProblems_AllReportedAtOnce()
    {
        var options = Valid();
        options.AdminToken = "short";
        options.Cache.MaxObjectBytes = options.Cache.MemoryBytes + 1;
        options.CachePolicies["Bad"] = new CachePolicyOptions { MinTtl = TimeSpan.FromHours(2), DefaultTtl = TimeSpan.FromHours(1), QueryStrings = new KeyPartOptions { Behavior = "allowList" } };
        var d = options.Distributions[0];
        d.Aliases.Add("not a host!");
        d.Origins.Add(new OriginOptions { Id = "s3", Kind = "s3", Endpoint = "ftp://x", Bucket = "Bad_Bucket" });
        d.Origins.Add(new OriginOptions { Id = "o", Kind = "carrier-pigeon", Endpoint = "http://h" });
        d.OriginGroups.Add(new OriginGroupOptions { Id = "g", Members = ["o", "nope"], FailoverStatusCodes = [200] });
        d.CacheBehaviors.Add(new CacheBehaviorOptions { PathPattern = "/api/*", TargetOriginId = "missing", CachePolicy = "Nope", ViewerProtocolPolicy = "sometimes", AllowedMethods = ["GET", "POST"] });
        d.CustomErrorResponses.Add(new CustomErrorResponseOptions { ErrorCode = 200, ResponsePagePath = "no-slash" });
        options.Distributions.Add(new DistributionOptions { Id = "site", Aliases = ["cdn.example.test"] });

        var result = new EdgeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        string[] expected =
        [
            "Edge:AdminToken", "Edge:Cache:MaxObjectBytes", "Edge:CachePolicies:Bad: MinTtl", "Edge:CachePolicies:Bad:QueryStrings:Names",
            "Edge:Distributions:0:Aliases: 'not a host!'", "Edge:Distributions:0:Origins:1:Endpoint", "Edge:Distributions:0:Origins:1:Bucket",
            "Edge:Distributions:0:Origins:1: an s3 origin that signs needs", "Edge:Distributions:0:Origins:2:Id: 'o' is used twice",
            "Edge:Distributions:0:Origins:2:Kind", "Edge:Distributions:0:OriginGroups:0:Members: 'nope'",
            "Edge:Distributions:0:OriginGroups:0:FailoverStatusCodes: 200", "Edge:Distributions:0:CacheBehaviors:0:TargetOriginId",
            "Edge:Distributions:0:CacheBehaviors:0:CachePolicy", "Edge:Distributions:0:CacheBehaviors:0:ViewerProtocolPolicy",
            "Edge:Distributions:0:CacheBehaviors:0:AllowedMethods", "Edge:Distributions:0:CustomErrorResponses:0:ErrorCode",
            "Edge:Distributions:0:CustomErrorResponses:0:ResponsePagePath", "Edge:Distributions:1:Id: 'site' is used by another",
            "Edge:Distributions:1:Aliases: 'cdn.example.test' is already used", "Edge:Distributions:1:Origins: at least one origin",
        ];
        foreach (var prefix in expected)
        {
            Assert.Contains(failures, f => f.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_CacheStoreProblems_AllReportedAtOnce()
    {
        var options = Valid();
        options.Cache.Policy = "Clock";
        options.Cache.SmallQueuePercent = 60;
        options.Cache.Disk = new DiskCacheOptions { Path = "/var/cache/edge", MaxBytes = 1000, MaxObjectBytes = 2000, WriteQueueLength = 0 };

        var failures = new EdgeOptionsValidator().Validate(null, options).Failures!.ToList();

        string[] expected =
        [
            "Edge:Cache:Policy: 'Clock' is not a known policy (S3Fifo, Lru, MemoryCache)", "Edge:Cache:SmallQueuePercent",
            "Edge:Cache:Disk:MaxObjectBytes: must be positive and at most Disk:MaxBytes", "Edge:Cache:Disk:MaxObjectBytes: must be at least Edge:Cache:MaxObjectBytes",
            "Edge:Cache:Disk:WriteQueueLength",
        ];
        foreach (var prefix in expected)
        {
            Assert.Contains(failures, f => f.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("S3Fifo")]
    [InlineData("lru")]
    [InlineData("MemoryCache")]
    public void Validate_KnownPolicies_Succeed(string policy)
    {
        var options = Valid();
        options.Cache.Policy = policy;
        Assert.True(new EdgeOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_DiskTierOffByDefault()
    {
        var options = Valid();
        Assert.False(options.Cache.Disk.Enabled);
        Assert.Equal(nameof(EdgeCdn.Edge.Caching.EvictionPolicy.S3Fifo), options.Cache.Policy);
        options.Cache.Disk.Path = "  ";
        Assert.True(new EdgeOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task Start_InvalidConfiguration_FailsWithEveryError()
    {
        var config = EdgeConfig.ForHttpOrigin(new Uri("http://127.0.0.1:9"));
        config.Origin()["Endpoint"] = "not a uri";
        config.DefaultBehavior()["CachePolicy"] = "Missing";
        config.Distribution()["Aliases"] = new JsonArray();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => EdgeTestHost.StartAsync(config));

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains("Endpoint", error.Message);
        Assert.Contains("CachePolicy", error.Message);
        Assert.Contains("Aliases", error.Message);
    }

    [Fact]
    public async Task Start_NoDistributions_Refused()
    {
        var config = new JsonObject { ["Edge"] = new JsonObject() };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => EdgeTestHost.StartAsync(config));

        Assert.Contains("at least one distribution", error.Message);
    }
}
