using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeCdn.Origin.Tests.Restore;

/// <summary>
/// Storage classes and RestoreObject through the real AWS SDK, on the server's shiftable clock: a GLACIER object is
/// refused (403 InvalidObjectState), a restore starts (202), a second one while it runs is 409
/// RestoreAlreadyInProgress, the object becomes readable with x-amz-restore showing the expiry, a restore of a restored
/// object is 200 with the expiry moved, and the restored copy expires back to archived.
/// </summary>
public sealed class RestoreTests : IAsyncLifetime
{
    private const string Bucket = "archive";
    private OriginServer _server = null!;
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _server = await OriginServer.StartAsync(new Dictionary<string, string?>
        {
            ["Origin:Restore:GlacierDelay"] = "00:05:00",
            ["Origin:Restore:DeepArchiveDelay"] = "00:10:00",
        });
        _s3 = _server.Client();
        await _s3.PutBucketAsync(Bucket);
    }

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Glacier_RefusedThenRestored_InProgressConflict_ReadableThenExpiredBack()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "old/world.tar", ContentBody = "frozen world", StorageClass = S3StorageClass.Glacier });

        var refused = await S3Assert.FailsAsync("InvalidObjectState", HttpStatusCode.Forbidden, () => _s3.GetObjectAsync(Bucket, "old/world.tar"));
        var head = await _s3.GetObjectMetadataAsync(Bucket, "old/world.tar");
        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket });
        var started = await _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = Bucket, Key = "old/world.tar", Days = 2 });
        var running = await S3Assert.FailsAsync("RestoreAlreadyInProgress", HttpStatusCode.Conflict, () =>
            _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = Bucket, Key = "old/world.tar", Days = 2 }));
        var headRunning = await _s3.GetObjectMetadataAsync(Bucket, "old/world.tar");
        await S3Assert.FailsAsync("InvalidObjectState", HttpStatusCode.Forbidden, () => _s3.GetObjectAsync(Bucket, "old/world.tar"));

        // The restore takes five minutes on this server; the clock moves six (within the SDK's signing skew).
        _server.Clock.Offset = TimeSpan.FromMinutes(6);
        using var readable = await _s3.GetObjectAsync(Bucket, "old/world.tar");
        var headRestored = await _s3.GetObjectMetadataAsync(Bucket, "old/world.tar");
        var again = await _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = Bucket, Key = "old/world.tar", Days = 5 });
        var headExtended = await _s3.GetObjectMetadataAsync(Bucket, "old/world.tar");

        Assert.NotNull(refused);
        Assert.Equal(S3StorageClass.Glacier, head.StorageClass);
        Assert.Null(head.RestoreExpiration);
        Assert.Equal(S3StorageClass.Glacier, Assert.Single(listed.S3Objects).StorageClass);
        Assert.Equal(HttpStatusCode.Accepted, started.HttpStatusCode);
        Assert.NotNull(running);
        Assert.True(headRunning.RestoreInProgress);
        Assert.Equal("frozen world", await S3Assert.TextAsync(readable));
        Assert.NotEqual(true, headRestored.RestoreInProgress);
        var expiry = headRestored.RestoreExpiration!.Value.ToUniversalTime();
        Assert.Equal(TimeSpan.Zero, expiry.TimeOfDay);
        var readyAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        Assert.InRange(expiry, readyAt.UtcDateTime.Date.AddDays(3), readyAt.UtcDateTime.Date.AddDays(4));
        Assert.Equal(HttpStatusCode.OK, again.HttpStatusCode);
        Assert.True(headExtended.RestoreExpiration!.Value.ToUniversalTime() > expiry);

        // Past the expiry the restored copy is gone: signed at the server's (shifted) time, GET is refused again, and the
        // lifecycle worker's pass forgets the restore.
        _server.Clock.Offset = TimeSpan.FromDays(7);
        using var http = new HttpClient();
        using var expired = await SignedHttp.SendAsync(http, HttpMethod.Get, new Uri(_server.BaseUri, $"/{Bucket}/old/world.tar"), time: _server.Clock.GetUtcNow());
        await _server.LifecycleWorker.RunOnceAsync();
        _server.Clock.Offset = TimeSpan.Zero;
        var headAfter = await _s3.GetObjectMetadataAsync(Bucket, "old/world.tar");

        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Contains("<Code>InvalidObjectState</Code>", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(headAfter.RestoreExpiration);
        Assert.NotEqual(true, headAfter.RestoreInProgress);
    }

    [Fact]
    public async Task DeepArchive_TakesItsOwnTime_AndStandardObjectsCannotBeRestored()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "deep", ContentBody = "deep", StorageClass = S3StorageClass.DeepArchive });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "hot", ContentBody = "hot" });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "cool", ContentBody = "cool", StorageClass = S3StorageClass.StandardInfrequentAccess });

        await _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = Bucket, Key = "deep", Days = 1 });
        _server.Clock.Offset = TimeSpan.FromMinutes(6);
        await S3Assert.FailsAsync("InvalidObjectState", HttpStatusCode.Forbidden, () => _s3.GetObjectAsync(Bucket, "deep"));
        _server.Clock.Offset = TimeSpan.FromMinutes(11);
        using var deep = await _s3.GetObjectAsync(Bucket, "deep");
        _server.Clock.Offset = TimeSpan.Zero;
        var hot = await S3Assert.FailsAsync("InvalidObjectState", HttpStatusCode.Forbidden, () =>
            _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = Bucket, Key = "hot", Days = 1 }));
        using var cool = await _s3.GetObjectAsync(Bucket, "cool");

        Assert.Equal("deep", await S3Assert.TextAsync(deep));
        Assert.NotNull(hot);
        Assert.Equal(S3StorageClass.StandardInfrequentAccess, cool.StorageClass);
        Assert.Equal("cool", await S3Assert.TextAsync(cool));
    }

    [Fact]
    public async Task CopyOutOfGlacier_NeedsARestore()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "cold", ContentBody = "cold", StorageClass = S3StorageClass.Glacier });

        var refused = await S3Assert.FailsAsync("InvalidObjectState", HttpStatusCode.Forbidden, () =>
            _s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = Bucket, SourceKey = "cold", DestinationBucket = Bucket, DestinationKey = "warm" }));

        Assert.NotNull(refused);
    }
}
