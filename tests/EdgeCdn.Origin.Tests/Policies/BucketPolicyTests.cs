using System.Net;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeCdn.Origin.Tests.Policies;

/// <summary>Bucket policies through the real AWS SDK: storing and reading them, grants to other users, explicit Deny
/// winning, conditions (aws:SourceIp, aws:PrincipalArn, aws:SecureTransport, s3:signatureAge), MalformedPolicy with
/// the previous policy left in force, and Block Public Access around public policies.</summary>
[Collection(OriginCollection.Name)]
public sealed class BucketPolicyTests(OriginFixture fixture) : IAsyncLifetime
{
    private const string Account = "000000000000";
    private readonly OriginServer _server = fixture.Server;
    private readonly string _bucket = S3Assert.UniqueBucket("policy");
    private AmazonS3Client _root = null!;
    private AmazonS3Client _alice = null!;
    private AmazonS3Client _bob = null!;

    public async Task InitializeAsync()
    {
        _root = _server.Client();
        _alice = _server.Client(OriginServer.AliceAccessKey, OriginServer.AliceSecretKey);
        _bob = _server.Client(OriginServer.BobAccessKey, OriginServer.BobSecretKey);
        await _root.PutBucketAsync(_bucket);
        foreach (var key in new[] { "public/a.txt", "secret/b.txt" })
        {
            await _root.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = key });
        }
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        _alice.Dispose();
        _bob.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Policy_PutGetStatusDelete()
    {
        var policy = Policy(Statement("Allow", Aws("alice"), "s3:GetObject", $"arn:aws:s3:::{_bucket}/*"));

        await _root.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = _bucket, Policy = policy });
        var stored = await _root.GetBucketPolicyAsync(_bucket);
        var status = await _root.GetBucketPolicyStatusAsync(new GetBucketPolicyStatusRequest { BucketName = _bucket });
        await _root.DeleteBucketPolicyAsync(_bucket);

        var raw = await RawSigned.SendAsync(_server.BaseUri, "GET", $"/{_bucket}", "policy=");

        Assert.Equal(policy, stored.Policy);
        Assert.False(status.PolicyStatus.IsPublic);

        // Read raw: the .NET SDK does not raise NoSuchBucketPolicy (it hands back the error body as the policy text).
        Assert.Equal(404, raw.StatusCode);
        Assert.Contains("<Code>NoSuchBucketPolicy</Code>", raw.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_GrantsAnotherUser_ExplicitDenyWins_UngrantedUsersAndActionsRefused()
    {
        var before = await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => _alice.GetObjectAsync(_bucket, "public/a.txt"));
        await PutPolicyAsync(
            Statement("Allow", Aws("alice"), new JsonArray("s3:Get*", "s3:ListBucket"), new JsonArray($"arn:aws:s3:::{_bucket}", $"arn:aws:s3:::{_bucket}/*")),
            Statement("Deny", Aws("alice"), "s3:GetObject", $"arn:aws:s3:::{_bucket}/secret/*"));

        using var allowed = await _alice.GetObjectAsync(_bucket, "public/a.txt");
        var listed = await _alice.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket });
        var denied = await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => _alice.GetObjectAsync(_bucket, "secret/b.txt"));
        var notGranted = await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () =>
            _alice.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "public/new.txt", ContentBody = "x" }));
        var bob = await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => _bob.GetObjectAsync(_bucket, "public/a.txt"));
        var missing = await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _alice.GetObjectAsync(_bucket, "public/none.txt"));

        Assert.NotNull(before);
        Assert.Equal("public/a.txt", await S3Assert.TextAsync(allowed));
        Assert.Equal(2, listed.KeyCount);
        Assert.All(new[] { denied, notGranted, bob, missing }, Assert.NotNull);
    }

    [Fact]
    public async Task SourceIp_AllowsFromTheBlock_RefusesFromElsewhere_AndDenyAppliesEvenToTheOwner()
    {
        await PutPolicyAsync(Statement("Allow", Aws("alice"), "s3:GetObject", $"arn:aws:s3:::{_bucket}/*", Condition("IpAddress", "aws:SourceIp", "127.0.0.0/8")));
        using (var fromLoopback = await _alice.GetObjectAsync(_bucket, "public/a.txt"))
        {
            Assert.Equal("public/a.txt", await S3Assert.TextAsync(fromLoopback));
        }

        await PutPolicyAsync(Statement("Allow", Aws("alice"), "s3:GetObject", $"arn:aws:s3:::{_bucket}/*", Condition("IpAddress", "aws:SourceIp", "192.0.2.0/24")));
        await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => _alice.GetObjectAsync(_bucket, "public/a.txt"));

        await PutPolicyAsync(Statement("Deny", "*", "s3:GetObject", $"arn:aws:s3:::{_bucket}/*", Condition("NotIpAddress", "aws:SourceIp", "10.0.0.0/8")));
        await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => _root.GetObjectAsync(_bucket, "public/a.txt"));

        // The owner can always take a policy away again.
        await _root.DeleteBucketPolicyAsync(_bucket);
        using var back = await _root.GetObjectAsync(_bucket, "public/a.txt");
        Assert.Equal(HttpStatusCode.OK, back.HttpStatusCode);
    }

    [Fact]
    public async Task Conditions_PrincipalArn_SecureTransport_SignatureAge()
    {
        await PutPolicyAsync(
            Statement("Allow", "*", "s3:GetObject", $"arn:aws:s3:::{_bucket}/*", Condition("ArnLike", "aws:PrincipalArn", $"arn:aws:iam::{Account}:user/alice")),
            Statement("Deny", "*", "s3:PutObject", $"arn:aws:s3:::{_bucket}/*", Condition("Bool", "aws:SecureTransport", "false")),
            Statement("Deny", "*", "s3:GetObject", $"arn:aws:s3:::{_bucket}/*", Condition("NumericGreaterThan", "s3:signatureAge", "60000")));

        using (var alice = await _alice.GetObjectAsync(_bucket, "public/a.txt"))
        {
            Assert.Equal(HttpStatusCode.OK, alice.HttpStatusCode);
        }

        await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => _bob.GetObjectAsync(_bucket, "public/a.txt"));
        await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () =>
            _root.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "over-http.txt", ContentBody = "x" }));

        // Signed five minutes ago: inside the allowed clock skew, but older than the policy's one minute.
        using var http = new HttpClient();
        using var old = await SignedHttp.SendAsync(http, HttpMethod.Get, new Uri(_server.BaseUri, $"/{_bucket}/public/a.txt"),
            signer: SignedHttp.Signer(OriginServer.AliceAccessKey, OriginServer.AliceSecretKey), time: DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(HttpStatusCode.Forbidden, old.StatusCode);
    }

    [Fact]
    public async Task MalformedPolicies_AreRefusedWithTheReason_AndThePreviousPolicyStaysInForce()
    {
        var good = Policy(Statement("Allow", Aws("alice"), "s3:GetObject", $"arn:aws:s3:::{_bucket}/*"));
        await _root.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = _bucket, Policy = good });

        var badJson = await FailPolicyAsync("{\"Version\": \"2012-10-17\", \"Statement\": [");
        var badPrincipal = await FailPolicyAsync(Policy(Statement("Allow", Aws("nobody"), "s3:GetObject", $"arn:aws:s3:::{_bucket}/*")));
        var badResource = await FailPolicyAsync(Policy(Statement("Allow", Aws("alice"), "s3:GetObject", "arn:aws:s3:::another-bucket/*")));
        var mismatch = await FailPolicyAsync(Policy(Statement("Allow", Aws("alice"), "s3:GetObject", $"arn:aws:s3:::{_bucket}")));
        var badAction = await FailPolicyAsync(Policy(Statement("Allow", Aws("alice"), "s3:FlyToTheMoon", $"arn:aws:s3:::{_bucket}/*")));
        var noEffect = await FailPolicyAsync($$"""{"Statement":[{"Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{_bucket}}/*"}]}""");
        var badCondition = await FailPolicyAsync(Policy(Statement("Allow", Aws("alice"), "s3:GetObject", $"arn:aws:s3:::{_bucket}/*",
            Condition("IpAddress", "aws:SourceIp", "not-an-ip"))));

        Assert.Contains("valid JSON", badJson.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid principal", badPrincipal.Message, StringComparison.Ordinal);
        Assert.Contains("invalid resource", badResource.Message, StringComparison.Ordinal);
        Assert.Contains("Action does not apply to any resource", mismatch.Message, StringComparison.Ordinal);
        Assert.Contains("invalid action", badAction.Message, StringComparison.Ordinal);
        Assert.Contains("Effect", noEffect.Message, StringComparison.Ordinal);
        Assert.Contains("IP", badCondition.Message, StringComparison.Ordinal);
        Assert.Equal(good, (await _root.GetBucketPolicyAsync(_bucket)).Policy);
        using var stillAllowed = await _alice.GetObjectAsync(_bucket, "public/a.txt");
        Assert.Equal(HttpStatusCode.OK, stillAllowed.HttpStatusCode);
    }

    [Fact]
    public async Task PublicPolicy_BlockedByDefault_AllowedOnceUnblocked_RestrictPublicBucketsKeepsAnonymousOut()
    {
        var publicPolicy = Policy(Statement("Allow", "*", "s3:GetObject", $"arn:aws:s3:::{_bucket}/public/*"));
        var defaults = await _root.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = _bucket });
        await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () =>
            _root.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = _bucket, Policy = publicPolicy }));

        await _root.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = _bucket,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration
            {
                BlockPublicAcls = true, IgnorePublicAcls = true, BlockPublicPolicy = false, RestrictPublicBuckets = false,
            },
        });
        await _root.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = _bucket, Policy = publicPolicy });
        var status = await _root.GetBucketPolicyStatusAsync(new GetBucketPolicyStatusRequest { BucketName = _bucket });
        using var anonymous = new HttpClient();
        using var open = await anonymous.GetAsync(new Uri(_server.BaseUri, $"/{_bucket}/public/a.txt"));
        using var closed = await anonymous.GetAsync(new Uri(_server.BaseUri, $"/{_bucket}/secret/b.txt"));

        await _root.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = _bucket,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration { BlockPublicPolicy = false, RestrictPublicBuckets = true },
        });
        using var restricted = await anonymous.GetAsync(new Uri(_server.BaseUri, $"/{_bucket}/public/a.txt"));
        using var bob = await _bob.GetObjectAsync(_bucket, "public/a.txt");

        Assert.True(defaults.PublicAccessBlockConfiguration.BlockPublicAcls);
        Assert.True(defaults.PublicAccessBlockConfiguration.IgnorePublicAcls);
        Assert.True(defaults.PublicAccessBlockConfiguration.BlockPublicPolicy);
        Assert.True(defaults.PublicAccessBlockConfiguration.RestrictPublicBuckets);
        Assert.True(status.PolicyStatus.IsPublic);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("public/a.txt", await open.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, restricted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bob.HttpStatusCode);
    }

    [Fact]
    public async Task PublicAccessBlock_DeleteThenGet_NoSuchPublicAccessBlockConfiguration()
    {
        await _root.DeletePublicAccessBlockAsync(new DeletePublicAccessBlockRequest { BucketName = _bucket });

        await S3Assert.FailsAsync("NoSuchPublicAccessBlockConfiguration", HttpStatusCode.NotFound, () =>
            _root.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = _bucket }));
    }

    private async Task<AmazonS3Exception> FailPolicyAsync(string policy) =>
        await S3Assert.FailsAsync("MalformedPolicy", HttpStatusCode.BadRequest, () =>
            _root.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = _bucket, Policy = policy }));

    private Task<PutBucketPolicyResponse> PutPolicyAsync(params JsonObject[] statements) =>
        _root.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = _bucket, Policy = Policy(statements) });

    internal static string Policy(params JsonObject[] statements) =>
        new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray(statements) }.ToJsonString();

    internal static JsonObject Aws(string user) => new() { ["AWS"] = $"arn:aws:iam::{Account}:user/{user}" };

    internal static JsonObject Statement(string effect, JsonNode principal, JsonNode action, JsonNode resource, JsonObject? condition = null)
    {
        var statement = new JsonObject { ["Effect"] = effect, ["Principal"] = principal, ["Action"] = action, ["Resource"] = resource };
        if (condition is not null)
        {
            statement["Condition"] = condition;
        }

        return statement;
    }

    internal static JsonObject Condition(string op, string key, string value) => new() { [op] = new JsonObject { [key] = value } };
}
