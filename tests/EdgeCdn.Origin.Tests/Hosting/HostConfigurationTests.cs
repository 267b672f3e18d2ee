using Amazon.S3.Model;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.TestCommon;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Tests.Hosting;

/// <summary>The host reads config/origin.json from its working directory, EDGECDN_-prefixed environment variables over
/// it, and flags over both; invalid settings stop it with every problem listed at once.</summary>
public sealed class HostConfigurationTests
{
    [Fact]
    public async Task Host_ConfigFileThenEnvironmentThenFlags()
    {
        using var work = new TempDirectory("edgecdn-config");
        Directory.CreateDirectory(work.Combine("config"));
        await File.WriteAllTextAsync(work.Combine("config", "origin.json"),
            """{ "Origin": { "Region": "eu-central-1", "BaseDomain": "files.example.test", "DataDirectory": "from-file" } }""");

        using var host = await HostProcess.StartAsync(work.Combine("data"),
            new Dictionary<string, string?> { ["EDGECDN_Origin__Region"] = "eu-west-3" }, work.Path);
        using var s3 = host.Client(region: "eu-west-3");
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = "configured", BucketRegionName = "eu-west-3" });
        var location = await s3.GetBucketLocationAsync("configured");

        // Region from the environment beat the file; the --data-dir flag beat the file; the base domain came from it.
        Assert.Equal("eu-west-3", location.Location.Value);
        Assert.True(Directory.Exists(work.Combine("data", "blobs")));
        Assert.False(Directory.Exists(work.Combine("from-file")));
        var virtualHost = await RawSigned.SendAsync(host.BaseUri, "GET", "/", signer: SignedHttp.Signer(HostProcess.AccessKey, HostProcess.SecretKey, "eu-west-3"),
            hostHeader: "configured.files.example.test");
        Assert.Equal(200, virtualHost.StatusCode);
        Assert.Contains("<Name>configured</Name>", virtualHost.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_ReportsEveryProblemAtOnce()
    {
        var options = new OriginOptions
        {
            Region = "Not A Region",
            BaseDomain = "bad..domain",
            DataDirectory = " ",
            MinPartBytes = 0,
            MaxPartsPerUpload = 20_000,
            Users =
            [
                new OriginUserOptions { Name = "a", AccessKey = "SAMEKEY1", SecretKey = "long-enough-secret" },
                new OriginUserOptions { Name = "a", AccessKey = "SAMEKEY1", SecretKey = "short" },
                new OriginUserOptions { Name = "", AccessKey = "bad/key", SecretKey = "long-enough-secret" },
            ],
        };

        var result = new OriginOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("Origin:Region", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:BaseDomain", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:DataDirectory", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:MinPartBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:MaxPartsPerUpload", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:Users:1:Name 'a' is used by more than one user", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:Users:1:AccessKey 'SAMEKEY1' is used by more than one user", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:Users:1:SecretKey", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:Users:2:Name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:Users:2:AccessKey", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("long-enough-secret", StringComparison.Ordinal) || f.Contains("short", StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_ServiceIdentitiesAndFeatureSettings_EveryProblemListed()
    {
        var options = new OriginOptions
        {
            AccountId = "12",
            Encryption = { MasterKey = "c2hvcnQ=", ChunkBytes = 10 },
            Lifecycle = { Interval = TimeSpan.Zero },
            Website = { Urls = "ftp://127.0.0.1:21", BaseDomain = "" },
            Users =
            [
                new OriginUserOptions { Name = "cdn", AccessKey = "SERVICE1", SecretKey = "long-enough-secret", Kind = "service" },
                new OriginUserOptions { Name = "cdn2", AccessKey = "SERVICE2", SecretKey = "long-enough-secret", Kind = "service", SourceArn = "not-an-arn" },
                new OriginUserOptions { Name = "cdn3", AccessKey = "SERVICE3", SecretKey = "long-enough-secret", Kind = "robot" },
                new OriginUserOptions { Name = "ok", AccessKey = "SERVICE4", SecretKey = "long-enough-secret", Kind = "service", DistributionId = "site" },
            ],
        };

        var failures = new OriginOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.Contains("Origin:AccountId", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:Encryption:MasterKey", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:Encryption:ChunkBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:Lifecycle:Interval", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:Website:Urls", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:Website:BaseDomain", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:Users:0: a service identity needs exactly one of SourceArn and DistributionId", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:Users:1:SourceArn", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Origin:Users:2:Kind", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("Origin:Users:3", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("c2hvcnQ=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithInvalidSettings_FailsListingThem()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => OriginServer.StartAsync(new Dictionary<string, string?>
        {
            ["Origin:Region"] = "UPPER",
            ["Origin:Users:0:Name"] = "x",
            ["Origin:Users:0:AccessKey"] = "k",
            ["Origin:Users:0:SecretKey"] = "s",
        }, withUsers: false));

        Assert.Contains("Origin:Region", error.Message, StringComparison.Ordinal);
        Assert.Contains("Origin:Users:0:AccessKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Origin:Users:0:SecretKey", error.Message, StringComparison.Ordinal);
    }
}
