using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeCdn.Origin.Tests.Objects;

/// <summary>CopyObject through the real AWS SDK: metadata directive COPY and REPLACE, across buckets, copy-source
/// conditions, and the copy-onto-itself rule.</summary>
[Collection(OriginCollection.Name)]
public sealed class CopyObjectTests(OriginFixture fixture) : IAsyncLifetime
{
    private readonly string _source = S3Assert.UniqueBucket("copy-src");
    private readonly string _target = S3Assert.UniqueBucket("copy-dst");
    private AmazonS3Client _s3 = null!;
    private string _etag = null!;

    public async Task InitializeAsync()
    {
        _s3 = fixture.Server.Client();
        await _s3.PutBucketAsync(_source);
        await _s3.PutBucketAsync(_target);
        var put = new PutObjectRequest { BucketName = _source, Key = "origin/photo.jpg", ContentBody = "jpeg bytes", ContentType = "image/jpeg" };
        put.Metadata.Add("camera", "pinhole");
        put.Headers.CacheControl = "max-age=60";
        _etag = (await _s3.PutObjectAsync(put)).ETag;
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task CopyObject_AcrossBucketsWithCopyDirective_KeepsDataAndMetadata()
    {
        var copy = await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _source, SourceKey = "origin/photo.jpg", DestinationBucket = _target, DestinationKey = "copies/photo copy.jpg",
        });
        using var got = await _s3.GetObjectAsync(_target, "copies/photo copy.jpg");

        Assert.Equal(_etag, copy.ETag);
        Assert.Equal("jpeg bytes", await S3Assert.TextAsync(got));
        Assert.Equal("image/jpeg", got.Headers.ContentType);
        Assert.Equal("max-age=60", got.Headers.CacheControl);
        Assert.Equal("pinhole", got.Metadata["x-amz-meta-camera"]);
    }

    [Fact]
    public async Task CopyObject_ReplaceDirective_TakesTheRequestsMetadata()
    {
        var request = new CopyObjectRequest
        {
            SourceBucket = _source, SourceKey = "origin/photo.jpg", DestinationBucket = _source, DestinationKey = "replaced.jpg",
            MetadataDirective = S3MetadataDirective.REPLACE, ContentType = "application/x-new",
        };
        request.Metadata.Add("lens", "wide");

        await _s3.CopyObjectAsync(request);
        var head = await _s3.GetObjectMetadataAsync(_source, "replaced.jpg");

        Assert.Equal("application/x-new", head.Headers.ContentType);
        Assert.Equal("wide", head.Metadata["x-amz-meta-lens"]);
        Assert.Null(head.Metadata["x-amz-meta-camera"]);
        Assert.Null(head.Headers.CacheControl);
    }

    [Fact]
    public async Task CopyObject_OntoItself_WithoutReplace_InvalidRequest_WithReplace_UpdatesMetadata()
    {
        await S3Assert.FailsAsync("InvalidRequest", HttpStatusCode.BadRequest, () => _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _source, SourceKey = "origin/photo.jpg", DestinationBucket = _source, DestinationKey = "origin/photo.jpg",
        }));

        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _source, Key = "self.txt", ContentBody = "same data", ContentType = "text/plain" });
        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _source, SourceKey = "self.txt", DestinationBucket = _source, DestinationKey = "self.txt",
            MetadataDirective = S3MetadataDirective.REPLACE, ContentType = "text/markdown",
        });
        using var got = await _s3.GetObjectAsync(_source, "self.txt");
        Assert.Equal("text/markdown", got.Headers.ContentType);
        Assert.Equal("same data", await S3Assert.TextAsync(got));
    }

    [Fact]
    public async Task CopyObject_SourceConditions_PreconditionFailedWhenTheyDoNotHold()
    {
        await S3Assert.FailsAsync("PreconditionFailed", HttpStatusCode.PreconditionFailed, () => _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _source, SourceKey = "origin/photo.jpg", DestinationBucket = _target, DestinationKey = "never-1",
            ETagToMatch = "\"00000000000000000000000000000000\"",
        }));
        await S3Assert.FailsAsync("PreconditionFailed", HttpStatusCode.PreconditionFailed, () => _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _source, SourceKey = "origin/photo.jpg", DestinationBucket = _target, DestinationKey = "never-2", ETagToNotMatch = _etag,
        }));
        await S3Assert.FailsAsync("PreconditionFailed", HttpStatusCode.PreconditionFailed, () => _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _source, SourceKey = "origin/photo.jpg", DestinationBucket = _target, DestinationKey = "never-3",
            ModifiedSinceDate = DateTime.UtcNow.AddHours(1),
        }));
        await S3Assert.FailsAsync("PreconditionFailed", HttpStatusCode.PreconditionFailed, () => _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _source, SourceKey = "origin/photo.jpg", DestinationBucket = _target, DestinationKey = "never-4",
            UnmodifiedSinceDate = DateTime.UtcNow.AddHours(-1),
        }));

        var copied = await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _source, SourceKey = "origin/photo.jpg", DestinationBucket = _target, DestinationKey = "conditional-ok",
            ETagToMatch = _etag, UnmodifiedSinceDate = DateTime.UtcNow.AddHours(1),
        });
        Assert.Equal(_etag, copied.ETag);
        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _target, Prefix = "never" });
        Assert.Empty(listed.S3Objects ?? []);
    }

    [Fact]
    public async Task CopyObject_MissingSource_NoSuchKey()
    {
        await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _source, SourceKey = "missing", DestinationBucket = _target, DestinationKey = "x",
        }));
    }
}
