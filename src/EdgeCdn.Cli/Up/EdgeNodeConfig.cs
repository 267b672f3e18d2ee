using System.Text.Json.Nodes;

namespace EdgeCdn.Cli.Up;

/// <summary>
/// The config/edge.json that `edgecdn up` writes for each edge: one distribution in front of the demo bucket,
/// signing every origin request, with the chain's admin token, its own access log and cache limits.
/// </summary>
internal static class EdgeNodeConfig
{
    /// <param name="obtainsCertificate">This node runs ACME for the --domain certificate; the others read it from the
    /// certificate directory they all share.</param>
    public static JsonObject Create(UpOptions options, int index, Uri originUrl, ChainCredentials credentials, string dataDirectory, bool obtainsCertificate)
    {
        var name = $"edge-{index + 1}";
        var aliases = new JsonArray("localhost", "127.0.0.1");
        if (options.Domain is { } domain)
        {
            aliases.Add(domain);
        }

        var acme = new JsonObject
        {
            ["Enabled"] = obtainsCertificate,
            ["DataDirectory"] = Path.Combine(dataDirectory, "acme"),
            // Nodes without ACME re-read the shared directory this often, to pick up renewals.
            ["CheckInterval"] = obtainsCertificate ? "01:00:00" : "00:00:30",
        };
        if (obtainsCertificate)
        {
            acme["DirectoryUrl"] = options.AcmeDirectory;
            acme["Email"] = options.AcmeEmail;
            acme["TermsOfServiceAgreed"] = true;
            acme["TrustedRootsPath"] = options.AcmeCaCertificate is null ? null : Path.GetFullPath(options.AcmeCaCertificate);
            acme["RetryMinDelay"] = "00:00:05";
        }

        return new JsonObject
        {
            ["Acme"] = acme,
            ["Edge"] = new JsonObject
            {
                ["Node"] = new JsonObject { ["Name"] = name, ["Location"] = $"LOCAL{index + 1}" },
                ["AdminToken"] = credentials.AdminToken,
                ["AccessLog"] = new JsonObject { ["Path"] = Path.Combine(dataDirectory, name, "access.log") },
                // Each node's own cache: S3-FIFO in memory, and a disk tier that survives restarts of `up`.
                ["Cache"] = new JsonObject { ["Disk"] = new JsonObject { ["Path"] = Path.Combine(dataDirectory, name, "cache"), ["MaxBytes"] = 2L * 1024 * 1024 * 1024 } },
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
                                // Origin access control: the distribution's service identity, not the root user.
                                ["AccessKeyId"] = credentials.ServiceAccessKey,
                                ["SecretAccessKey"] = credentials.ServiceSecretKey,
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
