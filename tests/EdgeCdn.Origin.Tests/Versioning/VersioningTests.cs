using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeCdn.Origin.Tests.Versioning;

/// <summary>Versioning through the real AWS SDK: states, version history, fetching and restoring old versions, delete
/// markers hiding and un-hiding objects, the null version of suspended buckets, ListObjectVersions pagination.</summary>
[Collection(OriginCollection.Name)]
public sealed class VersioningTests(OriginFixture fixture) : IAsyncLifetime
{
    private readonly OriginServer _server = fixture.Server;
    private readonly string _bucket = S3Assert.UniqueBucket("versions");
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
    public async Task VersioningStates_UnversionedThenEnabledThenSuspended_NeverBack()
    {
        var initial = await _s3.GetBucketVersioningAsync(_bucket);
        await EnableAsync(VersionStatus.Enabled);
        var enabled = await _s3.GetBucketVersioningAsync(_bucket);
        await EnableAsync(VersionStatus.Suspended);
        var suspended = await _s3.GetBucketVersioningAsync(_bucket);
        var malformed = await S3Assert.FailsAsync("MalformedXML", HttpStatusCode.BadRequest, () => PutRawVersioningAsync("Unversioned"));

        Assert.Equal(VersionStatus.Off, initial.VersioningConfig.Status);
        Assert.Equal(VersionStatus.Enabled, enabled.VersioningConfig.Status);
        Assert.Equal(VersionStatus.Suspended, suspended.VersioningConfig.Status);
        Assert.NotNull(malformed);
        Assert.Equal(VersionStatus.Suspended, (await _s3.GetBucketVersioningAsync(_bucket)).VersioningConfig.Status);
    }

    [Fact]
    public async Task History_ListedNewestFirst_OldVersionFetched_AndRestoredOverTheCurrentOne()
    {
        await EnableAsync(VersionStatus.Enabled);
        var ids = new List<string>();
        foreach (var content in new[] { "world v1", "world v2", "world v3" })
        {
            ids.Add((await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "game/world.dat", ContentBody = content })).VersionId);
        }

        var history = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket, Prefix = "game/" });
        using var old = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "game/world.dat", VersionId = ids[0] });
        var oldText = await S3Assert.TextAsync(old);
        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = "game/world.dat", VersionId = ids[1] });

        // Roll back: copy the first version over the current one.
        var rollback = await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _bucket, SourceKey = "game/world.dat", SourceVersionId = ids[0], DestinationBucket = _bucket, DestinationKey = "game/world.dat",
        });
        using var current = await _s3.GetObjectAsync(_bucket, "game/world.dat");
        var after = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket, Prefix = "game/" });

        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9._]{32}$", id));
        Assert.Equal(ids.AsEnumerable().Reverse(), history.Versions.Select(v => v.VersionId));
        Assert.Equal([true, false, false], history.Versions.Select(v => v.IsLatest ?? false));
        Assert.Equal("world v1", oldText);
        Assert.Equal(ids[0], old.VersionId);
        Assert.Equal(ids[1], head.VersionId);
        Assert.Equal(8, head.ContentLength);
        Assert.Equal(ids[0], rollback.SourceVersionId);
        Assert.Equal("world v1", await S3Assert.TextAsync(current));
        Assert.Equal(rollback.VersionId, current.VersionId);
        Assert.Equal(4, after.Versions.Count);
        Assert.Equal(rollback.VersionId, after.Versions[0].VersionId);
    }

    [Fact]
    public async Task DeleteMarker_HidesTheObject_AndRemovingItUnhidesIt()
    {
        await EnableAsync(VersionStatus.Enabled);
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "save.json", ContentBody = "{\"level\":3}" });

        var deleted = await _s3.DeleteObjectAsync(_bucket, "save.json");
        var hidden = await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _s3.GetObjectAsync(_bucket, "save.json"));
        var raw = await RawSigned.SendAsync(_server.BaseUri, "GET", $"/{_bucket}/save.json");
        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket });
        var versions = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket });
        var markerByVersion = await S3Assert.FailsAsync("MethodNotAllowed", HttpStatusCode.MethodNotAllowed, () =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "save.json", VersionId = deleted.VersionId }));
        using (var stillThere = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "save.json", VersionId = put.VersionId }))
        {
            Assert.Equal("{\"level\":3}", await S3Assert.TextAsync(stillThere));
        }

        var unhide = await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = "save.json", VersionId = deleted.VersionId });
        using var back = await _s3.GetObjectAsync(_bucket, "save.json");

        Assert.Equal("true", deleted.DeleteMarker);
        Assert.NotEqual(put.VersionId, deleted.VersionId);
        Assert.Equal(404, raw.StatusCode);
        Assert.Equal("true", raw.Headers["x-amz-delete-marker"]);
        Assert.Equal(deleted.VersionId, raw.Headers["x-amz-version-id"]);
        Assert.NotNull(hidden);
        Assert.DoesNotContain(listed.S3Objects ?? [], o => o.Key == "save.json");
        var marker = Assert.Single(versions.Versions, v => v.IsDeleteMarker == true);
        Assert.Equal(deleted.VersionId, marker.VersionId);
        Assert.True(marker.IsLatest);
        Assert.NotNull(markerByVersion);
        Assert.Equal("true", unhide.DeleteMarker);
        Assert.Equal(put.VersionId, back.VersionId);
        Assert.Equal("{\"level\":3}", await S3Assert.TextAsync(back));
    }

    [Fact]
    public async Task DeleteWithVersionId_RemovesThatVersionForGood()
    {
        await EnableAsync(VersionStatus.Enabled);
        var first = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "k", ContentBody = "one" });
        var second = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "k", ContentBody = "two" });

        await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = "k", VersionId = second.VersionId });
        using var current = await _s3.GetObjectAsync(_bucket, "k");
        var gone = await S3Assert.FailsAsync("NoSuchVersion", HttpStatusCode.NotFound, () =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "k", VersionId = second.VersionId }));
        var invalid = await S3Assert.FailsAsync("InvalidArgument", HttpStatusCode.BadRequest, () =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "k", VersionId = "not a version!" }));

        Assert.Equal("one", await S3Assert.TextAsync(current));
        Assert.Equal(first.VersionId, current.VersionId);
        Assert.NotNull(gone);
        Assert.NotNull(invalid);
    }

    [Fact]
    public async Task Suspended_WritesTheNullVersion_KeepingEarlierVersions()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "doc", ContentBody = "before versioning" });
        await EnableAsync(VersionStatus.Enabled);
        var kept = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "doc", ContentBody = "versioned" });
        await EnableAsync(VersionStatus.Suspended);
        var nullOne = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "doc", ContentBody = "suspended 1" });
        var nullTwo = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "doc", ContentBody = "suspended 2" });

        var versions = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket });
        using var current = await _s3.GetObjectAsync(_bucket, "doc");

        Assert.Equal("null", nullOne.VersionId);
        Assert.Equal("null", nullTwo.VersionId);
        Assert.Equal(["null", kept.VersionId], versions.Versions.Select(v => v.VersionId));
        Assert.Equal("suspended 2", await S3Assert.TextAsync(current));
        Assert.Equal("null", current.VersionId);
    }

    [Fact]
    public async Task ListObjectVersions_PaginatesWithKeyAndVersionIdMarkers_AndRollsUpPrefixes()
    {
        await EnableAsync(VersionStatus.Enabled);
        foreach (var key in new[] { "a", "a", "a", "b", "dir/x", "dir/y", "c" })
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = key });
        }

        await _s3.DeleteObjectAsync(_bucket, "b");
        var seen = new List<(string Key, string VersionId)>();
        var pages = 0;
        var request = new ListVersionsRequest { BucketName = _bucket, MaxKeys = 2 };
        ListVersionsResponse page;
        do
        {
            page = await _s3.ListVersionsAsync(request);
            pages++;
            seen.AddRange(page.Versions.Select(v => (v.Key, v.VersionId)));
            request.KeyMarker = page.NextKeyMarker;
            request.VersionIdMarker = page.NextVersionIdMarker;
        }
        while (page.IsTruncated == true);

        var rolled = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket, Delimiter = "/" });

        Assert.Equal(8, seen.Distinct().Count());
        Assert.Equal(4, pages);
        Assert.Equal(["a", "a", "a", "b", "b", "c", "dir/x", "dir/y"], seen.Select(s => s.Key));
        Assert.Equal(["dir/"], rolled.CommonPrefixes);
        Assert.DoesNotContain(rolled.Versions, v => v.Key.StartsWith("dir/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteObjects_WithVersionIds_AndWithout()
    {
        await EnableAsync(VersionStatus.Enabled);
        var v1 = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "one", ContentBody = "1" });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "two", ContentBody = "2" });

        var result = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = _bucket,
            Objects = [new KeyVersion { Key = "one", VersionId = v1.VersionId }, new KeyVersion { Key = "two" }],
        });
        var versions = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket });

        var permanent = Assert.Single(result.DeletedObjects, d => d.Key == "one");
        Assert.Equal(v1.VersionId, permanent.VersionId);
        var marker = Assert.Single(result.DeletedObjects, d => d.Key == "two");
        Assert.True(marker.DeleteMarker);
        Assert.False(string.IsNullOrEmpty(marker.DeleteMarkerVersionId));
        Assert.DoesNotContain(versions.Versions, v => v.Key == "one");
        Assert.Equal(2, versions.Versions.Count(v => v.Key == "two"));
    }

    [Fact]
    public async Task DeleteBucket_WithOnlyOldVersions_IsNotEmpty()
    {
        await EnableAsync(VersionStatus.Enabled);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "x", ContentBody = "x" });
        await _s3.DeleteObjectAsync(_bucket, "x");

        await S3Assert.FailsAsync("BucketNotEmpty", HttpStatusCode.Conflict, () => _s3.DeleteBucketAsync(_bucket));
    }

    private Task<PutBucketVersioningResponse> EnableAsync(VersionStatus status) => _s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
    {
        BucketName = _bucket,
        VersioningConfig = new S3BucketVersioningConfig { Status = status },
    });

    private async Task PutRawVersioningAsync(string status)
    {
        using var http = new HttpClient();
        var body = System.Text.Encoding.UTF8.GetBytes($"<VersioningConfiguration><Status>{status}</Status></VersioningConfiguration>");
        using var response = await SignedHttp.SendAsync(http, HttpMethod.Put, new Uri(_server.BaseUri, $"/{_bucket}?versioning"), body);
        if (!response.IsSuccessStatusCode)
        {
            var document = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
            throw new AmazonS3Exception(document.Element("Message")!.Value, Amazon.Runtime.ErrorType.Sender, document.Element("Code")!.Value, null, response.StatusCode);
        }
    }
}
