using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeCdn.Origin.Tests.Acls;

/// <summary>Canned ACLs on buckets and objects through the real AWS SDK, GetObjectAcl / GetBucketAcl, and the settings
/// around them: object ownership (BucketOwnerEnforced turns ACLs off, the default for new buckets as in S3) and
/// Block Public Access (BlockPublicAcls, IgnorePublicAcls).</summary>
[Collection(OriginCollection.Name)]
public sealed class AclTests(OriginFixture fixture) : IAsyncLifetime
{
    private readonly OriginServer _server = fixture.Server;
    private readonly string _bucket = S3Assert.UniqueBucket("acls");
    private AmazonS3Client _s3 = null!;
    private AmazonS3Client _bob = null!;
    private HttpClient _anonymous = null!;

    public Task InitializeAsync()
    {
        _s3 = _server.Client();
        _bob = _server.Client(OriginServer.BobAccessKey, OriginServer.BobSecretKey);
        _anonymous = new HttpClient();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        _bob.Dispose();
        _anonymous.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task CannedAcls_OnObjectsAndBuckets_GrantWhatTheySay()
    {
        await CreateWithAclsAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "public.txt", ContentBody = "for everyone", CannedACL = S3CannedACL.PublicRead });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "private.txt", ContentBody = "for me" });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "members.txt", ContentBody = "for users" });
        await _s3.PutObjectAclAsync(new PutObjectAclRequest { BucketName = _bucket, Key = "members.txt", ACL = S3CannedACL.AuthenticatedRead });

        using var publicRead = await AnonymousGetAsync("public.txt");
        using var privateRead = await AnonymousGetAsync("private.txt");
        using var membersAnonymous = await AnonymousGetAsync("members.txt");
        using var membersBob = await _bob.GetObjectAsync(_bucket, "members.txt");
        var bobPrivate = await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => _bob.GetObjectAsync(_bucket, "private.txt"));
        var objectAcl = await _s3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = _bucket, Key = "public.txt" });
        using var listBefore = await _anonymous.GetAsync(new Uri(_server.BaseUri, $"/{_bucket}"));
        await _s3.PutBucketAclAsync(new PutBucketAclRequest { BucketName = _bucket, ACL = S3CannedACL.PublicRead });
        using var listAfter = await _anonymous.GetAsync(new Uri(_server.BaseUri, $"/{_bucket}"));
        var bucketAcl = await _s3.GetBucketAclAsync(new GetBucketAclRequest { BucketName = _bucket });

        Assert.Equal(HttpStatusCode.OK, publicRead.StatusCode);
        Assert.Equal("for everyone", await publicRead.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, privateRead.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, membersAnonymous.StatusCode);
        Assert.Equal("for users", await S3Assert.TextAsync(membersBob));
        Assert.NotNull(bobPrivate);
        Assert.Contains(objectAcl.Grants, g => g.Grantee.URI == "http://acs.amazonaws.com/groups/global/AllUsers" && g.Permission == S3Permission.READ);
        Assert.Contains(objectAcl.Grants, g => g.Grantee.DisplayName == "root" && g.Permission == S3Permission.FULL_CONTROL);
        Assert.Equal(HttpStatusCode.Forbidden, listBefore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listAfter.StatusCode);
        Assert.Contains("<Key>public.txt</Key>", await listAfter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(bucketAcl.Grants, g => g.Grantee.URI == "http://acs.amazonaws.com/groups/global/AllUsers" && g.Permission == S3Permission.READ);
    }

    [Fact]
    public async Task BlockPublicAccess_IgnoresAndBlocksPublicAcls()
    {
        await CreateWithAclsAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "public.txt", ContentBody = "x", CannedACL = S3CannedACL.PublicRead });

        await PutBlockAsync(blockPublicAcls: false, ignorePublicAcls: true);
        using var ignored = await AnonymousGetAsync("public.txt");
        await PutBlockAsync(blockPublicAcls: true, ignorePublicAcls: false);
        var blocked = await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () =>
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "another.txt", ContentBody = "x", CannedACL = S3CannedACL.PublicRead }));
        using var stillPublic = await AnonymousGetAsync("public.txt");

        Assert.Equal(HttpStatusCode.Forbidden, ignored.StatusCode);
        Assert.NotNull(blocked);
        Assert.Equal(HttpStatusCode.OK, stillPublic.StatusCode);
    }

    [Fact]
    public async Task BucketOwnerEnforced_IsTheDefault_AndRefusesAcls()
    {
        await _s3.PutBucketAsync(_bucket);

        var ownership = await _s3.GetBucketOwnershipControlsAsync(new GetBucketOwnershipControlsRequest { BucketName = _bucket });
        var refused = await S3Assert.FailsAsync("AccessControlListNotSupported", HttpStatusCode.BadRequest, () =>
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "x", ContentBody = "x", CannedACL = S3CannedACL.PublicRead }));
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "ok", ContentBody = "x", CannedACL = S3CannedACL.BucketOwnerFullControl });
        var acl = await _s3.GetBucketAclAsync(new GetBucketAclRequest { BucketName = _bucket });
        await _s3.PutBucketOwnershipControlsAsync(new PutBucketOwnershipControlsRequest
        {
            BucketName = _bucket,
            OwnershipControls = new OwnershipControls { Rules = [new OwnershipControlsRule { ObjectOwnership = ObjectOwnership.ObjectWriter }] },
        });
        await _s3.PutBucketAclAsync(new PutBucketAclRequest { BucketName = _bucket, ACL = S3CannedACL.LogDeliveryWrite });
        var backToEnforced = await S3Assert.FailsAsync("InvalidBucketAclWithObjectOwnership", HttpStatusCode.BadRequest, () =>
            _s3.PutBucketOwnershipControlsAsync(new PutBucketOwnershipControlsRequest
            {
                BucketName = _bucket,
                OwnershipControls = new OwnershipControls { Rules = [new OwnershipControlsRule { ObjectOwnership = ObjectOwnership.BucketOwnerEnforced }] },
            }));
        await _s3.DeleteBucketOwnershipControlsAsync(new DeleteBucketOwnershipControlsRequest { BucketName = _bucket });
        var none = await S3Assert.FailsAsync("OwnershipControlsNotFoundError", HttpStatusCode.NotFound, () =>
            _s3.GetBucketOwnershipControlsAsync(new GetBucketOwnershipControlsRequest { BucketName = _bucket }));

        Assert.Equal(ObjectOwnership.BucketOwnerEnforced, ownership.OwnershipControls.Rules[0].ObjectOwnership);
        Assert.NotNull(refused);
        var grant = Assert.Single(acl.Grants);
        Assert.Equal(S3Permission.FULL_CONTROL, grant.Permission);
        Assert.All(new[] { backToEnforced, none }, Assert.NotNull);
    }

    private async Task CreateWithAclsAsync()
    {
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = _bucket, ObjectOwnership = ObjectOwnership.ObjectWriter });
        await PutBlockAsync(blockPublicAcls: false, ignorePublicAcls: false);
    }

    private Task<PutPublicAccessBlockResponse> PutBlockAsync(bool blockPublicAcls, bool ignorePublicAcls) =>
        _s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = _bucket,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration
            {
                BlockPublicAcls = blockPublicAcls, IgnorePublicAcls = ignorePublicAcls, BlockPublicPolicy = true, RestrictPublicBuckets = true,
            },
        });

    private Task<HttpResponseMessage> AnonymousGetAsync(string key) => _anonymous.GetAsync(new Uri(_server.BaseUri, $"/{_bucket}/{key}"));
}
