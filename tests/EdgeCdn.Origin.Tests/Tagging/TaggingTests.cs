using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeCdn.Origin.Tests.Tagging;

/// <summary>Object and bucket tagging through the real AWS SDK: x-amz-tagging on PUT, Get/Put/DeleteObjectTagging per
/// version, the tag count on GET, S3's limits (InvalidTag, BadRequest), copies with the tagging directive.</summary>
[Collection(OriginCollection.Name)]
public sealed class TaggingTests(OriginFixture fixture) : IAsyncLifetime
{
    private readonly OriginServer _server = fixture.Server;
    private readonly string _bucket = S3Assert.UniqueBucket("tags");
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _s3 = _server.Client();
        await _s3.PutBucketAsync(_bucket);
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ObjectTags_SetOnPut_ReplacedDeleted_AndCopied()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "a", ContentBody = "a", TagSet = [new Tag { Key = "team", Value = "game & world" }, new Tag { Key = "tier", Value = "1" }] });

        var initial = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "a" });
        using var got = await _s3.GetObjectAsync(_bucket, "a");
        await _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = _bucket, Key = "a", Tagging = new Amazon.S3.Model.Tagging { TagSet = [new Tag { Key = "only", Value = "this" }] } });
        var replaced = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "a" });
        await _s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = _bucket, SourceKey = "a", DestinationBucket = _bucket, DestinationKey = "copied" });
        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _bucket, SourceKey = "a", DestinationBucket = _bucket, DestinationKey = "retagged",
            TaggingDirective = TaggingDirective.REPLACE, TagSet = [new Tag { Key = "new", Value = "tag" }],
        });
        var copied = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "copied" });
        var retagged = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "retagged" });
        await _s3.DeleteObjectTaggingAsync(new DeleteObjectTaggingRequest { BucketName = _bucket, Key = "a" });
        var deleted = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "a" });

        Assert.Equal([("team", "game & world"), ("tier", "1")], initial.Tagging.Select(t => (t.Key, t.Value)));
        Assert.Equal(2, got.TagCount);
        Assert.Equal("this", Assert.Single(replaced.Tagging).Value);
        Assert.Equal("only", Assert.Single(copied.Tagging).Key);
        Assert.Equal("new", Assert.Single(retagged.Tagging).Key);
        Assert.Empty(deleted.Tagging ?? []);
    }

    [Fact]
    public async Task Limits_InvalidTagAndTooMany()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "b", ContentBody = "b" });

        var reserved = await S3Assert.FailsAsync("InvalidTag", HttpStatusCode.BadRequest, () =>
            _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = _bucket, Key = "b", Tagging = new Amazon.S3.Model.Tagging { TagSet = [new Tag { Key = "aws:x", Value = "y" }] } }));
        var tooMany = await S3Assert.FailsAsync("BadRequest", HttpStatusCode.BadRequest, () =>
            _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest
            {
                BucketName = _bucket, Key = "b", Tagging = new Amazon.S3.Model.Tagging { TagSet = [.. Enumerable.Range(0, 11).Select(i => new Tag { Key = $"k{i}", Value = "v" })] },
            }));

        Assert.All(new[] { reserved, tooMany }, Assert.NotNull);
    }

    [Fact]
    public async Task BucketTags_PutGetDelete()
    {
        await _s3.PutBucketTaggingAsync(new PutBucketTaggingRequest { BucketName = _bucket, TagSet = [new Tag { Key = "project", Value = "edgecdn" }] });

        var tags = await _s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = _bucket });
        await _s3.DeleteBucketTaggingAsync(_bucket);

        Assert.Equal("edgecdn", Assert.Single(tags.TagSet).Value);
        await S3Assert.FailsAsync("NoSuchTagSet", HttpStatusCode.NotFound, () => _s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = _bucket }));
    }
}
