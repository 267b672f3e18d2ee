using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using EdgeCdn.Core.S3;
using EdgeCdn.Core.Signing;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Origin.Tests.Policies;

/// <summary>
/// Origin access control as CloudFront does it, through real EdgeCdn edges: each distribution's edges sign as its
/// service identity (an origin user of kind service bound to the distribution's ARN), and the bucket policy
/// <see cref="OriginAccessControl.ReadOnlyBucketPolicy"/> lets exactly that distribution read. Another distribution,
/// anonymous callers and signed users the policy does not name are refused.
/// </summary>
public sealed class OriginAccessControlTests : IAsyncLifetime
{
    private const string Bucket = "oac-site";
    private static readonly (string Key, string Secret) Site = ("EDGECDNCDNSITE000001", "site/service+secret/0123456789abcdefghij");
    private static readonly (string Key, string Secret) Other = ("EDGECDNCDNOTHER00001", "other/service+secret/0123456789abcdefghi");
    private OriginServer _origin = null!;
    private AmazonS3Client _root = null!;

    public async Task InitializeAsync()
    {
        _origin = await OriginServer.StartAsync(new Dictionary<string, string?>
        {
            ["Origin:Users:2:Name"] = "cloudfront-site",
            ["Origin:Users:2:Kind"] = "service",
            ["Origin:Users:2:DistributionId"] = "site",
            ["Origin:Users:2:AccessKey"] = Site.Key,
            ["Origin:Users:2:SecretKey"] = Site.Secret,
            ["Origin:Users:3:Name"] = "cloudfront-other",
            ["Origin:Users:3:Kind"] = "service",
            ["Origin:Users:3:SourceArn"] = "arn:aws:cloudfront::000000000000:distribution/other",
            ["Origin:Users:3:AccessKey"] = Other.Key,
            ["Origin:Users:3:SecretKey"] = Other.Secret,
        });
        _root = _origin.Client();
        await _root.PutBucketAsync(Bucket);
        await _root.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "index.html", ContentBody = "<h1>through the CDN only</h1>", ContentType = "text/html" });
        await _root.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = Bucket,
            Policy = OriginAccessControl.ReadOnlyBucketPolicy(Bucket, OriginAccessControl.DistributionArn(OriginAccessControl.DefaultAccountId, "site")),
        });
    }

    public async Task DisposeAsync()
    {
        _root.Dispose();
        await _origin.DisposeAsync();
    }

    [Fact]
    public async Task Edge_OfTheDistribution_Reads_OthersAreRefused()
    {
        await using var siteEdge = await EdgeTestHost.StartForBucketAsync(_origin.BaseUri, Bucket, new AwsCredential(Site.Key, Site.Secret));
        await using var otherEdge = await EdgeTestHost.StartForBucketAsync(_origin.BaseUri, Bucket, new AwsCredential(Other.Key, Other.Secret));
        using var alice = _origin.Client(OriginServer.AliceAccessKey, OriginServer.AliceSecretKey);
        using var anonymous = new HttpClient();

        using var viaSite = await siteEdge.GetAsync("/index.html");
        using var viaOther = await otherEdge.GetAsync("/index.html");
        using var direct = await anonymous.GetAsync(new Uri(_origin.BaseUri, $"/{Bucket}/index.html"));
        var signedUser = await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => alice.GetObjectAsync(Bucket, "index.html"));

        Assert.Equal(HttpStatusCode.OK, viaSite.StatusCode);
        Assert.Equal("<h1>through the CDN only</h1>", await viaSite.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, viaOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);
        Assert.NotNull(signedUser);
    }

    [Fact]
    public async Task ServiceIdentity_CanOnlyDoWhatThePolicyGrants()
    {
        using var service = _origin.Client(Site.Key, Site.Secret);

        using var read = await service.GetObjectAsync(Bucket, "index.html");
        var list = await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => service.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket }));
        var write = await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () =>
            service.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "x", ContentBody = "x" }));
        var buckets = await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => service.ListBucketsAsync());
        var create = await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => service.PutBucketAsync("service-made"));

        // Without s3:ListBucket a missing object is 403 (nothing to learn about keys); the policy with allowList makes it 404.
        var hidden = await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => service.GetObjectAsync(Bucket, "missing.html"));
        await _root.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = Bucket,
            Policy = OriginAccessControl.ReadOnlyBucketPolicy(Bucket, OriginAccessControl.DistributionArn(OriginAccessControl.DefaultAccountId, "site"), allowList: true),
        });
        var missing = await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => service.GetObjectAsync(Bucket, "missing.html"));

        Assert.Equal(HttpStatusCode.OK, read.HttpStatusCode);
        Assert.All(new[] { list, write, buckets, create, hidden, missing }, Assert.NotNull);
    }
}
