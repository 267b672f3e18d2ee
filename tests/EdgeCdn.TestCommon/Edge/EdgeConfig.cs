using System.Text.Json.Nodes;
using EdgeCdn.Core.Signing;

namespace EdgeCdn.TestCommon.Edge;

/// <summary>
/// Edge configurations for tests, as the JSON config/edge.json holds: one distribution "site" answering to any
/// host, one origin "origin", admin token <see cref="AdminToken"/>. Tests edit the returned tree.
/// </summary>
public static class EdgeConfig
{
    public const string AdminToken = "test-admin-token-0123456789";
    public const string DistributionId = "site";
    public const string OriginId = "origin";

    public static JsonObject ForHttpOrigin(Uri endpoint) => Wrap(new JsonObject
    {
        ["Id"] = OriginId,
        ["Kind"] = "http",
        ["Endpoint"] = endpoint.GetLeftPart(UriPartial.Authority),
    });

    /// <summary>A private bucket behind the edge: an s3 origin signed with <paramref name="credential"/>.</summary>
    public static JsonObject ForBucket(Uri endpoint, string bucket, AwsCredential credential, string region = "us-east-1", string signing = "always") =>
        Wrap(new JsonObject
        {
            ["Id"] = OriginId,
            ["Kind"] = "s3",
            ["Endpoint"] = endpoint.GetLeftPart(UriPartial.Authority),
            ["Bucket"] = bucket,
            ["Region"] = region,
            ["AccessKeyId"] = credential.AccessKeyId,
            ["SecretAccessKey"] = credential.SecretAccessKey,
            ["SessionToken"] = credential.SessionToken,
            ["SigningBehavior"] = signing,
        });

    public static JsonObject Edge(this JsonObject config) => config["Edge"]!.AsObject();

    public static JsonObject Distribution(this JsonObject config) => config["Edge"]!["Distributions"]![0]!.AsObject();

    public static JsonObject DefaultBehavior(this JsonObject config) => config.Distribution()["DefaultCacheBehavior"]!.AsObject();

    public static JsonObject Origin(this JsonObject config, int index = 0) => config.Distribution()["Origins"]![index]!.AsObject();

    /// <summary>Defines cache policy <paramref name="name"/> and makes the default behaviour use it.</summary>
    public static JsonObject WithPolicy(this JsonObject config, JsonObject policy, string name = "Test")
    {
        var policies = config.Edge()["CachePolicies"] as JsonObject ?? new JsonObject();
        policies[name] = policy;
        config.Edge()["CachePolicies"] = policies;
        config.DefaultBehavior()["CachePolicy"] = name;
        return config;
    }

    /// <summary>Adds a disk tier in <paramref name="path"/>; memory objects above <paramref name="memoryMaxObjectBytes"/>
    /// go to disk.</summary>
    public static JsonObject WithDisk(this JsonObject config, string path, long memoryMaxObjectBytes = 1024 * 1024, long diskBytes = 256L * 1024 * 1024,
        long diskMaxObjectBytes = 64L * 1024 * 1024)
    {
        var cache = config.Edge()["Cache"] as JsonObject ?? new JsonObject();
        cache["MaxObjectBytes"] = memoryMaxObjectBytes;
        cache["Disk"] = new JsonObject { ["Path"] = path, ["MaxBytes"] = diskBytes, ["MaxObjectBytes"] = diskMaxObjectBytes };
        config.Edge()["Cache"] = cache;
        return config;
    }

    public static string Seconds(double seconds) => TimeSpan.FromSeconds(seconds).ToString("c", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Wrap(JsonObject origin) => new()
    {
        ["Edge"] = new JsonObject
        {
            ["AdminToken"] = AdminToken,
            ["Node"] = new JsonObject { ["Name"] = "edge-test", ["Location"] = "TST1" },
            ["Distributions"] = new JsonArray
            {
                new JsonObject
                {
                    ["Id"] = DistributionId,
                    ["Aliases"] = new JsonArray("*"),
                    ["Origins"] = new JsonArray { origin },
                    ["DefaultCacheBehavior"] = new JsonObject { ["TargetOriginId"] = OriginId },
                },
            },
        },
    };
}
