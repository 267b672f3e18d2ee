using System.Text.Json.Nodes;

namespace EdgeCdn.Cli.Up;

/// <summary>
/// The config/edge.json that `edgecdn up` writes for each edge: one distribution in front of the demo bucket,
/// signing every origin request, with the chain's admin token, its own access log and cache limits.
/// </summary>
internal static class EdgeNodeConfig
{
    public static JsonObject Create(UpOptions options, int index, Uri originUrl, ChainCredentials credentials, string dataDirectory)
    {
        var name = $"edge-{index + 1}";
        var aliases = new JsonArray("localhost", "127.0.0.1");
        if (options.Domain is { } domain)
        {
            aliases.Add(domain);
        }

        return new JsonObject
        {
            ["Edge"] = new JsonObject
            {
                ["Node"] = new JsonObject { ["Name"] = name, ["Location"] = $"LOCAL{index + 1}" },
                ["AdminToken"] = credentials.AdminToken,
                ["AccessLog"] = new JsonObject { ["Path"] = Path.Combine(dataDirectory, name, "access.log") },
                ["Distributions"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["Id"] = options.DistributionId,
                        ["Aliases"] = aliases,
                        ["DefaultRootObject"] = "index.html",
                        ["Origins"] = new JsonArray
                        {
                            new JsonObject
                            {
                                ["Id"] = "bucket",
                                ["Kind"] = "s3",
                                ["Endpoint"] = originUrl.GetLeftPart(UriPartial.Authority),
                                ["Bucket"] = options.Bucket,
                                ["Region"] = options.Region,
                                ["AccessKeyId"] = credentials.AccessKey,
                                ["SecretAccessKey"] = credentials.SecretKey,
                                ["SigningBehavior"] = "always",
                            },
                        },
                        ["DefaultCacheBehavior"] = new JsonObject
                        {
                            ["TargetOriginId"] = "bucket",
                            ["SpaFallback"] = true,
                        },
                    },
                },
            },
        };
    }
}
