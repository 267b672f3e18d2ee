using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeCdn.Origin.Tests.Clients;

/// <summary>
/// The aws CLI's configuration commands against the origin, unchanged but for the endpoint: put-bucket-versioning,
/// put-public-access-block, put-bucket-policy, put-bucket-lifecycle-configuration, put-bucket-website,
/// put-bucket-cors and restore-object, each checked through the AWS SDK; and a refused configuration shown by the CLI
/// with S3's error code.
/// </summary>
public sealed class AwsCliConfigurationTests : IAsyncLifetime
{
    private const string Bucket = "cli-config";
    private OriginServer _server = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        _server = await OriginServer.StartAsync();
        _cli = new AwsCli(_server.BaseUri);
        using var s3 = _server.Client();
        await s3.PutBucketAsync(Bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "cold/backup.tar", ContentBody = "backup", StorageClass = S3StorageClass.Glacier });
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AwsCli_ConfigurationCommands_AllTakeEffect()
    {
        await _cli.RunAsync("s3api", "put-bucket-versioning", "--bucket", Bucket, "--versioning-configuration", "Status=Enabled");
        await _cli.RunAsync("s3api", "put-public-access-block", "--bucket", Bucket, "--public-access-block-configuration",
            "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=false");
        await _cli.RunAsync("s3api", "put-bucket-policy", "--bucket", Bucket, "--policy", _cli.File("policy.json", $$"""
            {"Version":"2012-10-17","Statement":[{"Sid":"PublicSite","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{Bucket}}/site/*"}]}
            """));
        await _cli.RunAsync("s3api", "put-bucket-lifecycle-configuration", "--bucket", Bucket, "--lifecycle-configuration", _cli.File("lifecycle.json", """
            {"Rules":[{"ID":"logs","Status":"Enabled","Filter":{"Prefix":"logs/"},"Expiration":{"Days":30},
                       "NoncurrentVersionExpiration":{"NoncurrentDays":7},"AbortIncompleteMultipartUpload":{"DaysAfterInitiation":2}}]}
            """));
        await _cli.RunAsync("s3api", "put-bucket-website", "--bucket", Bucket, "--website-configuration", _cli.File("website.json", """
            {"IndexDocument":{"Suffix":"index.html"},"ErrorDocument":{"Key":"error.html"}}
            """));
        await _cli.RunAsync("s3api", "put-bucket-cors", "--bucket", Bucket, "--cors-configuration", _cli.File("cors.json", """
            {"CORSRules":[{"AllowedOrigins":["https://app.example.test"],"AllowedMethods":["GET","HEAD"],"MaxAgeSeconds":600}]}
            """));
        await _cli.RunAsync("s3api", "restore-object", "--bucket", Bucket, "--key", "cold/backup.tar", "--restore-request", "Days=1");

        using var s3 = _server.Client();
        var versioning = await s3.GetBucketVersioningAsync(Bucket);
        var block = await s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = Bucket });
        var policy = await s3.GetBucketPolicyAsync(Bucket);
        var lifecycle = await s3.GetLifecycleConfigurationAsync(Bucket);
        var website = await s3.GetBucketWebsiteAsync(Bucket);
        var cors = await s3.GetCORSConfigurationAsync(Bucket);
        var restore = await s3.GetObjectMetadataAsync(Bucket, "cold/backup.tar");

        Assert.Equal(VersionStatus.Enabled, versioning.VersioningConfig.Status);
        Assert.False(block.PublicAccessBlockConfiguration.BlockPublicPolicy);
        Assert.Contains("PublicSite", policy.Policy, StringComparison.Ordinal);
        Assert.Equal(30, Assert.Single(lifecycle.Configuration.Rules).Expiration.Days);
        Assert.Equal("error.html", website.WebsiteConfiguration.ErrorDocument);
        Assert.Equal(600, Assert.Single(cors.Configuration.Rules).MaxAgeSeconds);
        Assert.True(restore.RestoreInProgress);
    }

    [Fact]
    public async Task AwsCli_RefusedConfiguration_ShowsS3sErrorCode()
    {
        var (exitCode, _, error) = await _cli.TryRunAsync("s3api", "put-bucket-website", "--bucket", Bucket, "--website-configuration",
            _cli.File("bad-website.json", """{"ErrorDocument":{"Key":"error.html"}}"""));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("InvalidArgument", error, StringComparison.Ordinal);
    }
}
