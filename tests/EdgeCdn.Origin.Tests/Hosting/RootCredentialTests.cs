using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Origin.Tests.Hosting;

/// <summary>With no users and no EDGECDN_ACCESS_KEY, the first start generates a root key pair, stores it (0600) in the
/// data directory and prints it once; later starts use the stored pair without printing it.</summary>
public sealed partial class RootCredentialTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task FirstStart_GeneratesStoresAndPrintsOnce_LaterStartsReuseSilently()
    {
        using var data = new TempDirectory("edgecdn-root");
        var directory = data.Combine("data");
        string accessKey, secretKey, firstOutput;
        await using (var first = await OriginServer.StartAsync(dataDirectory: directory, withUsers: false))
        {
            firstOutput = first.Console.ToString();
            var match = Printed().Match(firstOutput);
            Assert.True(match.Success, firstOutput);
            (accessKey, secretKey) = (match.Groups[1].Value, match.Groups[2].Value);
            using var s3 = Client(first, accessKey, secretKey);
            await s3.PutBucketAsync("generated");
        }

        var file = Path.Combine(directory, "root-credentials.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));

        await using var second = await OriginServer.StartAsync(dataDirectory: directory, withUsers: false);
        using var again = Client(second, accessKey, secretKey);
        var buckets = await again.ListBucketsAsync();

        Assert.Equal("generated", Assert.Single(buckets.Buckets).BucketName);
        Assert.DoesNotContain(secretKey, second.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(firstOutput, Regex.Escape(secretKey)));
    }

    [Fact]
    public async Task OnlyServiceIdentitiesConfigured_RootIsStillGenerated()
    {
        using var data = new TempDirectory("edgecdn-root");
        await using var server = await OriginServer.StartAsync(new Dictionary<string, string?>
        {
            ["Origin:Users:0:Name"] = "cloudfront-site",
            ["Origin:Users:0:Kind"] = "service",
            ["Origin:Users:0:DistributionId"] = "site",
            ["Origin:Users:0:AccessKey"] = "EDGECDNSERVICEONLY01",
            ["Origin:Users:0:SecretKey"] = "service-only/secret+0123456789abcdefghij",
        }, data.Combine("data"), withUsers: false);

        var match = Printed().Match(server.Console.ToString());
        Assert.True(match.Success, server.Console.ToString());
        using var root = Client(server, match.Groups[1].Value, match.Groups[2].Value);
        await root.PutBucketAsync("made-by-root");
    }

    private static AmazonS3Client Client(OriginServer server, string accessKey, string secretKey) =>
        new(new BasicAWSCredentials(accessKey, secretKey), new AmazonS3Config { ServiceURL = server.BaseUri.ToString(), ForcePathStyle = true, MaxErrorRetry = 0 });

    [GeneratedRegex(@"access key: (\S+)\s+secret key: (\S+)")]
    private static partial Regex Printed();
}
