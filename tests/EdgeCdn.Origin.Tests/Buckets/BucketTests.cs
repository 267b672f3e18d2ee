using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3.Model;

namespace EdgeCdn.Origin.Tests.Buckets;

/// <summary>Bucket operations through the real AWS SDK: lifecycle, naming rules, ownership, addressing styles.</summary>
[Collection(OriginCollection.Name)]
public sealed class BucketTests(OriginFixture fixture)
{
    private readonly OriginServer _server = fixture.Server;

    [Fact]
    public async Task CreateBucket_ThenListHeadLocateAndDelete_Works()
    {
        using var s3 = _server.Client();
        var name = S3Assert.UniqueBucket("life");
        var before = DateTime.UtcNow.AddSeconds(-2);

        var created = await s3.PutBucketAsync(name);
        var listed = await s3.ListBucketsAsync();
        var head = await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = name });
        var location = await s3.GetBucketLocationAsync(name);
        await s3.DeleteBucketAsync(name);
        var afterDelete = await s3.ListBucketsAsync();

        Assert.Equal(HttpStatusCode.OK, created.HttpStatusCode);
        var bucket = Assert.Single(listed.Buckets, b => b.BucketName == name);
        Assert.True(bucket.CreationDate >= before, $"{bucket.CreationDate} < {before}");
        Assert.Equal(HttpStatusCode.OK, head.HttpStatusCode);
        Assert.True(location.Location is null || location.Location.Value is "" or "us-east-1", location.Location?.Value);
        Assert.DoesNotContain(afterDelete.Buckets ?? [], b => b.BucketName == name);
        await S3Assert.FailsAsync("NoSuchBucket", HttpStatusCode.NotFound, () => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = name }));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper-Case")]
    [InlineData("under_score")]
    [InlineData("two..dots")]
    [InlineData("-starts-with-dash")]
    [InlineData("192.168.10.20")]
    [InlineData("xn--punycode")]
    [InlineData("this-name-is-much-too-long-for-a-bucket-because-it-has-64-chars0")]
    public async Task CreateBucket_InvalidName_InvalidBucketName(string name)
    {
        using var s3 = _server.Client();

        await S3Assert.FailsAsync("InvalidBucketName", HttpStatusCode.BadRequest, () => s3.PutBucketAsync(name));
    }

    [Fact]
    public async Task CreateBucket_Twice_BucketAlreadyOwnedByYou()
    {
        using var s3 = _server.Client(OriginServer.AliceAccessKey, OriginServer.AliceSecretKey);
        var name = S3Assert.UniqueBucket("twice");
        await s3.PutBucketAsync(name);

        await S3Assert.FailsAsync("BucketAlreadyOwnedByYou", HttpStatusCode.Conflict, () => s3.PutBucketAsync(name));
    }

    [Fact]
    public async Task CreateBucket_NameTakenByAnotherUser_BucketAlreadyExists()
    {
        using var alice = _server.Client(OriginServer.AliceAccessKey, OriginServer.AliceSecretKey);
        using var bob = _server.Client(OriginServer.BobAccessKey, OriginServer.BobSecretKey);
        var name = S3Assert.UniqueBucket("taken");
        await alice.PutBucketAsync(name);

        await S3Assert.FailsAsync("BucketAlreadyExists", HttpStatusCode.Conflict, () => bob.PutBucketAsync(name));
    }

    [Fact]
    public async Task DeleteBucket_WithAnObject_BucketNotEmpty_ThenEmptyDeletes()
    {
        using var s3 = _server.Client();
        var name = S3Assert.UniqueBucket("full");
        await s3.PutBucketAsync(name);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = name, Key = "k", ContentBody = "x" });

        await S3Assert.FailsAsync("BucketNotEmpty", HttpStatusCode.Conflict, () => s3.DeleteBucketAsync(name));
        await s3.DeleteObjectAsync(name, "k");
        var deleted = await s3.DeleteBucketAsync(name);

        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
    }

    [Fact]
    public async Task OtherUsersBucket_IsInvisibleAndAccessDenied_RootSeesEverything()
    {
        using var alice = _server.Client(OriginServer.AliceAccessKey, OriginServer.AliceSecretKey);
        using var bob = _server.Client(OriginServer.BobAccessKey, OriginServer.BobSecretKey);
        using var root = _server.Client();
        var name = S3Assert.UniqueBucket("alices");
        await alice.PutBucketAsync(name);
        await alice.PutObjectAsync(new PutObjectRequest { BucketName = name, Key = "secret.txt", ContentBody = "alice only" });

        var bobsList = await bob.ListBucketsAsync();
        await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => bob.GetObjectAsync(name, "secret.txt"));
        await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => bob.PutObjectAsync(new PutObjectRequest { BucketName = name, Key = "x", ContentBody = "y" }));
        await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => bob.DeleteBucketAsync(name));
        using var asRoot = await root.GetObjectAsync(name, "secret.txt");

        Assert.DoesNotContain(bobsList.Buckets ?? [], b => b.BucketName == name);
        Assert.Equal("alice only", await S3Assert.TextAsync(asRoot));
        Assert.Contains((await root.ListBucketsAsync()).Buckets, b => b.BucketName == name);
    }

    [Fact]
    public async Task CreateBucket_LocationConstraintOfAnotherRegion_InvalidLocationConstraint()
    {
        using var s3 = _server.Client();

        await S3Assert.FailsAsync("InvalidLocationConstraint", HttpStatusCode.BadRequest, () => s3.PutBucketAsync(new PutBucketRequest
        {
            BucketName = S3Assert.UniqueBucket("elsewhere"),
            BucketRegionName = "eu-west-1",
        }));
    }

    [Fact]
    public async Task VirtualHostStyle_SdkAddressesBucketsByHostName()
    {
        // bucket.s3.localhost:port, every connection going to the loopback listener, as DNS would send it.
        var port = _server.BaseUri.Port;
        using var s3 = _server.Client(configure: c =>
        {
            c.ServiceURL = $"http://s3.localhost:{port}";
            c.ForcePathStyle = false;
            c.HttpClientFactory = new LoopbackHttpClientFactory(port);
        });
        var name = S3Assert.UniqueBucket("vhost");

        await s3.PutBucketAsync(name);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = name, Key = "dir/hello world.txt", ContentBody = "virtual" });
        using var got = await s3.GetObjectAsync(name, "dir/hello world.txt");
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = name });

        Assert.Equal("virtual", await S3Assert.TextAsync(got));
        Assert.Equal("dir/hello world.txt", Assert.Single(listed.S3Objects).Key);
        using var pathStyle = _server.Client();
        using var same = await pathStyle.GetObjectAsync(name, "dir/hello world.txt");
        Assert.Equal("virtual", await S3Assert.TextAsync(same));
    }

    private sealed class LoopbackHttpClientFactory(int port) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
    }
}
