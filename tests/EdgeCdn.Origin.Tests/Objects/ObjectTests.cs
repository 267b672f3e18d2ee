using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using EdgeCdn.Core.Checksums;
using EdgeCdn.TestCommon;
using ChecksumAlgorithm = Amazon.S3.ChecksumAlgorithm;

namespace EdgeCdn.Origin.Tests.Objects;

/// <summary>PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects through the real AWS SDK (default checksum
/// and chunked-upload behaviour left on): metadata, digests and checksums, read-after-write, ranges, conditionals.</summary>
[Collection(OriginCollection.Name)]
public sealed class ObjectTests(OriginFixture fixture) : IAsyncLifetime
{
    private readonly OriginServer _server = fixture.Server;
    private readonly string _bucket = S3Assert.UniqueBucket("objects");
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
    public async Task PutObject_WithHeadersAndMetadata_GetAndHeadReturnThem()
    {
        var body = "<h1>hello</h1>"u8.ToArray();
        var put = new PutObjectRequest { BucketName = _bucket, Key = "pages/index.html", InputStream = new MemoryStream(body), ContentType = "text/html; charset=utf-8" };
        put.Headers.ContentEncoding = "identity";
        put.Headers.ContentDisposition = "inline; filename=\"index.html\"";
        put.Headers.ContentLanguage = "en-GB";
        put.Headers.CacheControl = "public, max-age=300";
        put.Headers["Expires"] = "Wed, 02 Jan 2030 03:04:05 GMT";
        put.Metadata.Add("x-amz-meta-author", "Ada");
        put.Metadata.Add("Project", "edge cdn");

        var putResponse = await _s3.PutObjectAsync(put);
        using var got = await _s3.GetObjectAsync(_bucket, "pages/index.html");
        var head = await _s3.GetObjectMetadataAsync(_bucket, "pages/index.html");

        var md5 = Convert.ToHexStringLower(MD5.HashData(body));
        Assert.Equal($"\"{md5}\"", putResponse.ETag);
        Assert.Equal(body, await S3Assert.BytesAsync(got));
        Assert.Equal("Wed, 02 Jan 2030 03:04:05 GMT", got.ExpiresString);
        Assert.Equal("Wed, 02 Jan 2030 03:04:05 GMT", head.ExpiresString);
        foreach (var (headers, metadata, etag, length) in new[] { (got.Headers, got.Metadata, got.ETag, got.ContentLength), (head.Headers, head.Metadata, head.ETag, head.ContentLength) })
        {
            Assert.Equal($"\"{md5}\"", etag);
            Assert.Equal(body.Length, length);
            Assert.Equal("text/html; charset=utf-8", headers.ContentType);
            Assert.Equal("identity", headers.ContentEncoding);
            Assert.Equal("inline; filename=\"index.html\"", headers.ContentDisposition);
            Assert.Equal("en-GB", headers.ContentLanguage);
            Assert.Equal("public, max-age=300", headers.CacheControl);
            Assert.Equal("Ada", metadata["x-amz-meta-author"]);
            Assert.Equal("edge cdn", metadata["x-amz-meta-project"]);
        }
    }

    [Fact]
    public async Task GetObject_ResponseOverrides_ReplaceStoredHeaders()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "report.csv", ContentBody = "a,b", ContentType = "text/csv" });

        using var got = await _s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = _bucket,
            Key = "report.csv",
            ResponseHeaderOverrides = new ResponseHeaderOverrides
            {
                ContentType = "application/octet-stream",
                ContentDisposition = "attachment; filename=\"r.csv\"",
                CacheControl = "no-store",
                ContentLanguage = "fr",
                ContentEncoding = "identity",
                Expires = "Thu, 01 Jan 2037 00:00:00 GMT",
            },
        });

        Assert.Equal("application/octet-stream", got.Headers.ContentType);
        Assert.Equal("attachment; filename=\"r.csv\"", got.Headers.ContentDisposition);
        Assert.Equal("no-store", got.Headers.CacheControl);
        Assert.Equal("fr", got.Headers.ContentLanguage);
        Assert.Equal("a,b", await S3Assert.TextAsync(got));
    }

    [Fact]
    public async Task Overwrite_AndDelete_AreVisibleToTheNextReadAndListing()
    {
        var key = "rw/consistency.txt";
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = "first" });
        using (var first = await _s3.GetObjectAsync(_bucket, key))
        {
            Assert.Equal("first", await S3Assert.TextAsync(first));
        }

        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = "second, longer" });
        using (var second = await _s3.GetObjectAsync(_bucket, key))
        {
            Assert.Equal("second, longer", await S3Assert.TextAsync(second));
        }

        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = "rw/" });
        Assert.Equal(14, Assert.Single(listed.S3Objects).Size);

        var deleted = await _s3.DeleteObjectAsync(_bucket, key);
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _s3.GetObjectAsync(_bucket, key));
        var afterDelete = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = "rw/" });
        Assert.Empty(afterDelete.S3Objects ?? []);
        var again = await _s3.DeleteObjectAsync(_bucket, key);
        Assert.Equal(HttpStatusCode.NoContent, again.HttpStatusCode);
    }

    [Theory]
    [InlineData("plain.txt")]
    [InlineData("dir/sub dir/with space.txt")]
    [InlineData("ünïcödé/✓ 日本語 😀.bin")]
    [InlineData("symbols/!$&'()*+,;=:@[]{}^`|~%.txt")]
    [InlineData("trailing-slash/")]
    [InlineData("a+b=c&d")]
    public async Task PutObject_UnusualKeys_RoundTrip(string key)
    {
        var body = Encoding.UTF8.GetBytes("key: " + key);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = new MemoryStream(body) });

        using var got = await _s3.GetObjectAsync(_bucket, key);
        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = key });

        Assert.Equal(body, await S3Assert.BytesAsync(got));
        Assert.Contains(listed.S3Objects, o => o.Key == key);
    }

    [Fact]
    public async Task PutObject_Empty_IsAnEmptyObject()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "empty", InputStream = new MemoryStream() });

        using var got = await _s3.GetObjectAsync(_bucket, "empty");

        Assert.Equal(0, got.ContentLength);
        Assert.Equal("\"d41d8cd98f00b204e9800998ecf8427e\"", got.ETag);
        Assert.Empty(await S3Assert.BytesAsync(got));
    }

    [Fact]
    public async Task PutObject_EmptyBodyWithExpectContinue_AnswersAndClosesTheConnection()
    {
        // Kestrel sends no "100 Continue" for an empty body; botocore then misreads the next response on the same
        // connection unless the server closes it (the aws CLI stalled 60 s in `s3 sync` after an empty file).
        using var http = new HttpClient();
        var headers = new[] { new KeyValuePair<string, string>("Expect", "100-continue") };
        using var response = await SignedHttp.SendAsync(http, HttpMethod.Put, new Uri(_server.BaseUri, $"/{_bucket}/expect-empty"), [], headers: headers);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.ConnectionClose);
    }

    [Fact]
    public async Task PutObject_ContentMd5_CheckedBadDigestAndInvalidDigest()
    {
        var body = "payload"u8.ToArray();
        var right = Convert.ToBase64String(MD5.HashData(body));
        var wrong = Convert.ToBase64String(MD5.HashData("other"u8.ToArray()));

        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "md5/ok", InputStream = new MemoryStream(body), MD5Digest = right });
        await S3Assert.FailsAsync("BadDigest", HttpStatusCode.BadRequest, () =>
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "md5/bad", InputStream = new MemoryStream(body), MD5Digest = wrong }));
        await S3Assert.FailsAsync("InvalidDigest", HttpStatusCode.BadRequest, () =>
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "md5/invalid", InputStream = new MemoryStream(body), MD5Digest = "not-base64-md5" }));

        await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _s3.GetObjectAsync(_bucket, "md5/bad"));
        await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _s3.GetObjectAsync(_bucket, "md5/invalid"));
    }

    public static TheoryData<string> Algorithms => ["CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME"];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task PutObject_WithChecksum_IsVerifiedStoredAndReturned(string algorithmName)
    {
        var body = GeneratedStream.Bytes(300_000, seed: algorithmName.Length);
        var key = "checksums/" + algorithmName;
        Assert.True(PayloadChecksum.TryParse(algorithmName, out var algorithm));
        using var expected = PayloadChecksum.Create(algorithm);
        expected.Append(body);
        var value = expected.GetBase64();
        var request = new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = new MemoryStream(body) };
        if (algorithmName is "CRC32C" or "CRC64NVME")
        {
            // The SDK computes these only with its native CRT add-on (not available here): send the value as a header.
            request.ChecksumCRC32C = algorithmName == "CRC32C" ? value : null;
            request.ChecksumCRC64NVME = algorithmName == "CRC64NVME" ? value : null;
        }
        else
        {
            // The SDK computes it while streaming and sends it in the aws-chunked trailer.
            request.ChecksumAlgorithm = new ChecksumAlgorithm(algorithmName);
        }

        var put = await _s3.PutObjectAsync(request);

        using var got = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key, ChecksumMode = ChecksumMode.ENABLED });
        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key, ChecksumMode = ChecksumMode.ENABLED });

        string? Pick(string? crc32, string? crc32c, string? sha1, string? sha256, string? crc64) => algorithmName switch
        {
            "CRC32" => crc32, "CRC32C" => crc32c, "SHA1" => sha1, "SHA256" => sha256, _ => crc64,
        };
        Assert.Equal(value, Pick(put.ChecksumCRC32, put.ChecksumCRC32C, put.ChecksumSHA1, put.ChecksumSHA256, put.ChecksumCRC64NVME));
        Assert.Equal(value, Pick(got.ChecksumCRC32, got.ChecksumCRC32C, got.ChecksumSHA1, got.ChecksumSHA256, got.ChecksumCRC64NVME));
        Assert.Equal(value, Pick(head.ChecksumCRC32, head.ChecksumCRC32C, head.ChecksumSHA1, head.ChecksumSHA256, head.ChecksumCRC64NVME));
        Assert.Equal(body, await S3Assert.BytesAsync(got));
    }

    [Fact]
    public async Task PutObject_WrongChecksumValue_BadDigestAndNothingStored()
    {
        await S3Assert.FailsAsync("BadDigest", HttpStatusCode.BadRequest, () => _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket, Key = "checksums/wrong", ContentBody = "data", ChecksumCRC32 = "AAAAAA==",
        }));

        await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _s3.GetObjectAsync(_bucket, "checksums/wrong"));
    }

    [Fact]
    public async Task PutObject_UserMetadataOver2KB_MetadataTooLarge()
    {
        var put = new PutObjectRequest { BucketName = _bucket, Key = "meta/big", ContentBody = "x" };
        put.Metadata.Add("a", new string('v', 1500));
        put.Metadata.Add("b", new string('w', 600));

        await S3Assert.FailsAsync("MetadataTooLarge", HttpStatusCode.BadRequest, () => _s3.PutObjectAsync(put));
        var fits = new PutObjectRequest { BucketName = _bucket, Key = "meta/fits", ContentBody = "x" };
        fits.Metadata.Add("a", new string('v', 2047));
        await _s3.PutObjectAsync(fits);
    }

    [Fact]
    public async Task PutObject_KeyOver1024Bytes_KeyTooLongError()
    {
        var longest = "k/" + new string('é', 511); // 2 + 1022 = 1024 bytes of UTF-8
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = longest, ContentBody = "fits" });

        await S3Assert.FailsAsync("KeyTooLongError", HttpStatusCode.BadRequest, () =>
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = longest + "x", ContentBody = "too long" }));
        using var got = await _s3.GetObjectAsync(_bucket, longest);
        Assert.Equal("fits", await S3Assert.TextAsync(got));
    }

    [Fact]
    public async Task GetObject_Ranges_206WithContentRange_And416InvalidRange()
    {
        var body = GeneratedStream.Bytes(1000, seed: 7);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "range.bin", InputStream = new MemoryStream(body) });

        foreach (var (range, start, end) in new[] { (new ByteRange(0, 9), 0, 9), (new ByteRange(990, 5000), 990, 999), (new ByteRange("bytes=-25"), 975, 999), (new ByteRange("bytes=500-"), 500, 999) })
        {
            using var part = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "range.bin", ByteRange = range });
            Assert.Equal(HttpStatusCode.PartialContent, part.HttpStatusCode);
            Assert.Equal($"bytes {start}-{end}/1000", part.ContentRange);
            Assert.Equal(body[start..(end + 1)], await S3Assert.BytesAsync(part));
        }

        var error = await S3Assert.FailsAsync("InvalidRange", HttpStatusCode.RequestedRangeNotSatisfiable, () =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "range.bin", ByteRange = new ByteRange(1000, 1010) }));
        Assert.Contains("not satisfiable", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GetAndHead_Conditionals_304And412()
    {
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "cond.txt", ContentBody = "conditional" });
        var etag = put.ETag;
        var past = DateTime.UtcNow.AddHours(-1);
        var future = DateTime.UtcNow.AddHours(1);

        using (var match = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "cond.txt", EtagToMatch = etag }))
        {
            Assert.Equal("conditional", await S3Assert.TextAsync(match));
        }

        await S3Assert.FailsAsync("PreconditionFailed", HttpStatusCode.PreconditionFailed, () =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "cond.txt", EtagToMatch = "\"0123456789abcdef0123456789abcdef\"" }));
        await S3Assert.FailsAsync("PreconditionFailed", HttpStatusCode.PreconditionFailed, () =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "cond.txt", UnmodifiedSinceDate = past }));
        var notModified = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "cond.txt", EtagToNotMatch = etag }));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        var notModifiedSince = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "cond.txt", ModifiedSinceDate = future }));
        Assert.Equal(HttpStatusCode.NotModified, notModifiedSince.StatusCode);
        using (var modified = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "cond.txt", ModifiedSinceDate = past }))
        {
            Assert.Equal(HttpStatusCode.OK, modified.HttpStatusCode);
        }

        // HEAD: the same rules, no bodies.
        var headMatch = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = "cond.txt", EtagToMatch = etag });
        Assert.Equal(HttpStatusCode.OK, headMatch.HttpStatusCode);
        var headFailed = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = "cond.txt", EtagToMatch = "\"ffff\"" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, headFailed.StatusCode);
        var headNotModified = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = "cond.txt", EtagToNotMatch = etag }));
        Assert.Equal(HttpStatusCode.NotModified, headNotModified.StatusCode);
        var headUnmodified = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = "cond.txt", UnmodifiedSinceDate = past }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, headUnmodified.StatusCode);
    }

    [Fact]
    public async Task PutObject_IfNoneMatchStar_CreatesOnlyOnce()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "once.txt", ContentBody = "first", IfNoneMatch = "*" });

        await S3Assert.FailsAsync("PreconditionFailed", HttpStatusCode.PreconditionFailed, () =>
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "once.txt", ContentBody = "second", IfNoneMatch = "*" }));
        using var got = await _s3.GetObjectAsync(_bucket, "once.txt");
        Assert.Equal("first", await S3Assert.TextAsync(got));
    }

    [Fact]
    public async Task GetObject_PartNumberOfSinglePartObject_OneIsWholeTwoIsInvalid()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "single-part", ContentBody = "0123456789" });

        using var part = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "single-part", PartNumber = 1 });

        Assert.Equal(HttpStatusCode.PartialContent, part.HttpStatusCode);
        Assert.Equal("bytes 0-9/10", part.ContentRange);
        Assert.Equal("0123456789", await S3Assert.TextAsync(part));
        await S3Assert.FailsAsync("InvalidPartNumber", HttpStatusCode.RequestedRangeNotSatisfiable, () =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "single-part", PartNumber = 2 }));
    }

    [Fact]
    public async Task DeleteObjects_ReportsDeletedKeys_QuietReportsNothing()
    {
        foreach (var key in new[] { "batch/1", "batch/2", "batch/3", "batch/4" })
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = key });
        }

        var loud = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = _bucket,
            Objects = [new KeyVersion { Key = "batch/1" }, new KeyVersion { Key = "batch/2" }, new KeyVersion { Key = "batch/never-existed" }],
        });
        var quiet = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = _bucket, Quiet = true, Objects = [new KeyVersion { Key = "batch/3" }],
        });
        var left = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = "batch/" });

        Assert.Equal(["batch/1", "batch/2", "batch/never-existed"], loud.DeletedObjects.Select(d => d.Key).Order());
        Assert.Empty(loud.DeleteErrors ?? []);
        Assert.Empty(quiet.DeletedObjects ?? []);
        Assert.Equal("batch/4", Assert.Single(left.S3Objects).Key);
    }

    [Fact]
    public async Task UnknownBucketAndKey_NoSuchBucketAndNoSuchKey()
    {
        await S3Assert.FailsAsync("NoSuchBucket", HttpStatusCode.NotFound, () => _s3.GetObjectAsync("no-such-bucket-here", "k"));
        await S3Assert.FailsAsync("NoSuchBucket", HttpStatusCode.NotFound, () =>
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = "no-such-bucket-here", Key = "k", ContentBody = "x" }));
        await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _s3.GetObjectAsync(_bucket, "missing"));
        var head = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(_bucket, "missing"));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task UnimplementedOperations_NotImplementedNamingThem()
    {
        var logging = await S3Assert.FailsAsync("NotImplemented", HttpStatusCode.NotImplemented, () =>
            _s3.GetBucketLoggingAsync(new GetBucketLoggingRequest { BucketName = _bucket }));
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "attributed", ContentBody = "x" });
        var attributes = await S3Assert.FailsAsync("NotImplemented", HttpStatusCode.NotImplemented, () =>
            _s3.GetObjectAttributesAsync(new GetObjectAttributesRequest { BucketName = _bucket, Key = "attributed", ObjectAttributes = [ObjectAttributes.ETag] }));
        var replication = await S3Assert.FailsAsync("NotImplemented", HttpStatusCode.NotImplemented, () =>
            _s3.GetBucketReplicationAsync(new GetBucketReplicationRequest { BucketName = _bucket }));

        Assert.Contains("GetBucketLogging", logging.Message, StringComparison.Ordinal);
        Assert.Contains("GetObjectAttributes", attributes.Message, StringComparison.Ordinal);
        Assert.Contains("GetBucketReplication", replication.Message, StringComparison.Ordinal);
    }
}
