using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Origin.Tests.Multipart;

/// <summary>Multipart uploads through the real AWS SDK: a 65 MiB upload in 9 parts read back whole, by part and by
/// ranges across parts; TransferUtility with its defaults; UploadPartCopy with ranges; listings of parts and uploads;
/// the errors of Complete; abort.</summary>
[Collection(OriginCollection.Name)]
public sealed class MultipartTests(OriginFixture fixture) : IAsyncLifetime
{
    private const long MiB = 1024 * 1024;
    private readonly string _bucket = S3Assert.UniqueBucket("multipart");
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _s3 = fixture.Server.Client();
        await _s3.PutBucketAsync(_bucket);
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Upload65MiBInNineParts_ReadsBackWholeByPartAndAcrossParts()
    {
        const int seed = 65;
        long[] sizes = [.. Enumerable.Repeat(8 * MiB, 8), 1 * MiB];
        var total = sizes.Sum();
        var init = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = "big/65MiB.bin", ContentType = "application/x-big" });

        var uploads = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket, Prefix = "big/" });
        Assert.Contains(uploads.MultipartUploads, u => u.UploadId == init.UploadId && u.Key == "big/65MiB.bin");

        var etags = new PartETag[sizes.Length];
        var md5s = new byte[sizes.Length * 16];
        long offset = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            var part = await _s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _bucket, Key = "big/65MiB.bin", UploadId = init.UploadId, PartNumber = i + 1,
                InputStream = new GeneratedStream(sizes[i], seed, offset), PartSize = sizes[i],
            });
            etags[i] = new PartETag(i + 1, part.ETag);
            MD5.HashData(new GeneratedStream(sizes[i], seed, offset)).CopyTo(md5s, i * 16);
            offset += sizes[i];
        }

        var parts = await _s3.ListPartsAsync(new ListPartsRequest { BucketName = _bucket, Key = "big/65MiB.bin", UploadId = init.UploadId, MaxParts = 5 });
        Assert.Equal([1, 2, 3, 4, 5], parts.Parts.Select(p => p.PartNumber ?? 0));
        Assert.True(parts.IsTruncated);
        var rest = await _s3.ListPartsAsync(new ListPartsRequest { BucketName = _bucket, Key = "big/65MiB.bin", UploadId = init.UploadId, PartNumberMarker = parts.NextPartNumberMarker?.ToString() });
        Assert.Equal([6, 7, 8, 9], rest.Parts.Select(p => p.PartNumber ?? 0));
        Assert.Equal(1 * MiB, rest.Parts[^1].Size);

        var complete = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket, Key = "big/65MiB.bin", UploadId = init.UploadId, PartETags = [.. etags],
        });

        var expectedETag = $"\"{Convert.ToHexStringLower(MD5.HashData(md5s))}-9\"";
        Assert.Equal(expectedETag, complete.ETag);
        var head = await _s3.GetObjectMetadataAsync(_bucket, "big/65MiB.bin");
        Assert.Equal(total, head.ContentLength);
        Assert.Equal(expectedETag, head.ETag);
        Assert.Equal("application/x-big", head.Headers.ContentType);

        using (var whole = await _s3.GetObjectAsync(_bucket, "big/65MiB.bin"))
        {
            Assert.Equal(-1, await GeneratedStream.FirstDifferenceAsync(whole.ResponseStream, seed, 0, total));
        }

        using (var third = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "big/65MiB.bin", PartNumber = 3 }))
        {
            Assert.Equal(HttpStatusCode.PartialContent, third.HttpStatusCode);
            Assert.Equal(9, third.PartsCount);
            Assert.Equal($"bytes {16 * MiB}-{(24 * MiB) - 1}/{total}", third.ContentRange);
            Assert.Equal(-1, await GeneratedStream.FirstDifferenceAsync(third.ResponseStream, seed, 16 * MiB, 8 * MiB));
        }

        var across = new Amazon.S3.Model.ByteRange((8 * MiB) - 100, (8 * MiB) + 99);
        using (var span = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "big/65MiB.bin", ByteRange = across }))
        {
            Assert.Equal(-1, await GeneratedStream.FirstDifferenceAsync(span.ResponseStream, seed, (8 * MiB) - 100, 200));
        }

        var after = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket, Prefix = "big/" });
        Assert.DoesNotContain(after.MultipartUploads ?? [], u => u.UploadId == init.UploadId);
        await S3Assert.FailsAsync("InvalidPartNumber", HttpStatusCode.RequestedRangeNotSatisfiable, () =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "big/65MiB.bin", PartNumber = 10 }));
    }

    [Fact]
    public async Task TransferUtility_WithSdkDefaults_UploadsInPartsAndDownloads()
    {
        const int seed = 21;
        const long size = (21 * MiB) + 12345;
        using var transfer = new TransferUtility(_s3, new TransferUtilityConfig { ConcurrentServiceRequests = 4 });

        await transfer.UploadAsync(new TransferUtilityUploadRequest
        {
            BucketName = _bucket, Key = "transfer/object.bin", InputStream = new GeneratedStream(size, seed), PartSize = 5 * MiB,
        });
        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = "transfer/object.bin", ChecksumMode = ChecksumMode.ENABLED });
        using var got = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "transfer/object.bin", ChecksumMode = ChecksumMode.ENABLED });

        Assert.Equal(size, head.ContentLength);
        Assert.EndsWith("-5\"", head.ETag, StringComparison.Ordinal);
        Assert.Equal(-1, await GeneratedStream.FirstDifferenceAsync(got.ResponseStream, seed, 0, size));
    }

    [Fact]
    public async Task UploadPartCopy_WithRanges_AssemblesTheSource()
    {
        const int seed = 12;
        const long size = (12 * MiB) + 7;
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "copy/source.bin", InputStream = new GeneratedStream(size, seed) });
        var init = await _s3.InitiateMultipartUploadAsync(_bucket, "copy/assembled.bin");

        var first = await _s3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = _bucket, SourceKey = "copy/source.bin", DestinationBucket = _bucket, DestinationKey = "copy/assembled.bin",
            UploadId = init.UploadId, PartNumber = 1, FirstByte = 0, LastByte = (6 * MiB) - 1,
        });
        var second = await _s3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = _bucket, SourceKey = "copy/source.bin", DestinationBucket = _bucket, DestinationKey = "copy/assembled.bin",
            UploadId = init.UploadId, PartNumber = 2, FirstByte = 6 * MiB, LastByte = size - 1,
        });
        await S3Assert.FailsAsync("InvalidRange", HttpStatusCode.RequestedRangeNotSatisfiable, () => _s3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = _bucket, SourceKey = "copy/source.bin", DestinationBucket = _bucket, DestinationKey = "copy/assembled.bin",
            UploadId = init.UploadId, PartNumber = 3, FirstByte = 0, LastByte = size,
        }));
        await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket, Key = "copy/assembled.bin", UploadId = init.UploadId,
            PartETags = [new PartETag(1, first.ETag), new PartETag(2, second.ETag)],
        });

        using var got = await _s3.GetObjectAsync(_bucket, "copy/assembled.bin");
        Assert.Equal(size, got.ContentLength);
        Assert.Equal(-1, await GeneratedStream.FirstDifferenceAsync(got.ResponseStream, seed, 0, size));
    }

    [Fact]
    public async Task Complete_WithBadPartLists_InvalidPartOrderInvalidPartEntityTooSmall()
    {
        var init = await _s3.InitiateMultipartUploadAsync(_bucket, "errors/object");
        var small = await UploadAsync(init.UploadId, "errors/object", 1, 1 * MiB, seed: 1);
        var big = await UploadAsync(init.UploadId, "errors/object", 2, 5 * MiB, seed: 2);
        var last = await UploadAsync(init.UploadId, "errors/object", 3, 1 * MiB, seed: 3);

        Task Complete(params PartETag[] parts) => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket, Key = "errors/object", UploadId = init.UploadId, PartETags = [.. parts],
        });

        // The SDK sorts the part list before sending it, so a list out of order has to be written by hand.
        using (var http = new HttpClient())
        {
            var xml = $"<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>{big}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>{small}</ETag></Part></CompleteMultipartUpload>";
            using var response = await SignedHttp.SendAsync(http, HttpMethod.Post,
                new Uri(fixture.Server.BaseUri, $"/{_bucket}/errors/object?uploadId={Uri.EscapeDataString(init.UploadId)}"), System.Text.Encoding.UTF8.GetBytes(xml));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("<Code>InvalidPartOrder</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await S3Assert.FailsAsync("InvalidPart", HttpStatusCode.BadRequest, () => Complete(new PartETag(2, "\"00000000000000000000000000000000\"")));
        await S3Assert.FailsAsync("InvalidPart", HttpStatusCode.BadRequest, () => Complete(new PartETag(2, big), new PartETag(4, last)));
        await S3Assert.FailsAsync("EntityTooSmall", HttpStatusCode.BadRequest, () => Complete(new PartETag(1, small), new PartETag(2, big)));
        await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _s3.GetObjectAsync(_bucket, "errors/object"));

        // Leaving part 1 out: the 5 MiB part and the small last part make a valid object, and part 1's data is dropped.
        await Complete(new PartETag(2, big), new PartETag(3, last));
        var head = await _s3.GetObjectMetadataAsync(_bucket, "errors/object");
        Assert.Equal(6 * MiB, head.ContentLength);
        using (var first = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "errors/object", PartNumber = 1 }))
        {
            Assert.Equal(-1, await GeneratedStream.FirstDifferenceAsync(first.ResponseStream, 2, 0, 5 * MiB));
        }

        using (var second = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "errors/object", PartNumber = 2 }))
        {
            Assert.Equal(-1, await GeneratedStream.FirstDifferenceAsync(second.ResponseStream, 3, 0, 1 * MiB));
        }

        await S3Assert.FailsAsync("NoSuchUpload", HttpStatusCode.NotFound, () => Complete(new PartETag(2, big)));
    }

    [Fact]
    public async Task Abort_DiscardsTheUpload_LaterCallsNoSuchUpload()
    {
        var init = await _s3.InitiateMultipartUploadAsync(_bucket, "aborted/object");
        await UploadAsync(init.UploadId, "aborted/object", 1, 1 * MiB, seed: 5);

        var aborted = await _s3.AbortMultipartUploadAsync(_bucket, "aborted/object", init.UploadId);

        Assert.Equal(HttpStatusCode.NoContent, aborted.HttpStatusCode);
        await S3Assert.FailsAsync("NoSuchUpload", HttpStatusCode.NotFound, () =>
            _s3.ListPartsAsync(new ListPartsRequest { BucketName = _bucket, Key = "aborted/object", UploadId = init.UploadId }));
        await S3Assert.FailsAsync("NoSuchUpload", HttpStatusCode.NotFound, () => UploadAsync(init.UploadId, "aborted/object", 2, 1024, seed: 6));
        await S3Assert.FailsAsync("NoSuchUpload", HttpStatusCode.NotFound, () => _s3.AbortMultipartUploadAsync(_bucket, "aborted/object", init.UploadId));
        await S3Assert.FailsAsync("NoSuchUpload", HttpStatusCode.NotFound, () => UploadAsync("no-such-upload-id", "aborted/object", 1, 1024, seed: 6));
    }

    [Fact]
    public async Task ListMultipartUploads_PaginatesByKeyAndUploadId_WithDelimiter()
    {
        var bucket = S3Assert.UniqueBucket("uploads");
        await _s3.PutBucketAsync(bucket);
        var started = new List<(string Key, string UploadId)>();
        foreach (var key in new[] { "a/1", "a/2", "b", "b", "c/d/e", "f" })
        {
            started.Add((key, (await _s3.InitiateMultipartUploadAsync(bucket, key)).UploadId));
        }

        var seen = new List<(string Key, string UploadId)>();
        string? keyMarker = null, idMarker = null;
        ListMultipartUploadsResponse page;
        do
        {
            page = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest
            {
                BucketName = bucket, MaxUploads = 2, KeyMarker = keyMarker, UploadIdMarker = idMarker,
            });
            seen.AddRange(page.MultipartUploads.Select(u => (u.Key, u.UploadId)));
            (keyMarker, idMarker) = (page.NextKeyMarker, page.NextUploadIdMarker);
        }
        while (page.IsTruncated == true);
        var grouped = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket, Delimiter = "/" });

        // Same-key uploads started within one millisecond may list in either order; none is lost or repeated.
        Assert.Equal(started.Select(u => u.Key), seen.Select(u => u.Key));
        Assert.Equal(started.ToHashSet(), seen.ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(["a/", "c/"], grouped.CommonPrefixes);
        Assert.Equal(["b", "b", "f"], grouped.MultipartUploads.Select(u => u.Key));
    }

    [Fact]
    public async Task UploadPart_NumbersOneTo10000_OthersInvalidArgument()
    {
        var init = await _s3.InitiateMultipartUploadAsync(_bucket, "numbers/object");

        await UploadAsync(init.UploadId, "numbers/object", 10_000, 10, seed: 9);
        await S3Assert.FailsAsync("InvalidArgument", HttpStatusCode.BadRequest, () => UploadAsync(init.UploadId, "numbers/object", 10_001, 10, seed: 9));
        await S3Assert.FailsAsync("InvalidArgument", HttpStatusCode.BadRequest, () => UploadAsync(init.UploadId, "numbers/object", 0, 10, seed: 9));
        await _s3.AbortMultipartUploadAsync(_bucket, "numbers/object", init.UploadId);
    }

    [Fact]
    public async Task ChecksumCrc32_CompositeOverParts_ReturnedWithTheObject()
    {
        var init = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket, Key = "checksummed/object", ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        });
        var parts = new List<PartETag>();
        var partCrcs = new List<byte[]>();
        for (var n = 1; n <= 2; n++)
        {
            var size = n == 1 ? 5 * MiB : 1234;
            var response = await _s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _bucket, Key = "checksummed/object", UploadId = init.UploadId, PartNumber = n,
                InputStream = new GeneratedStream(size, 40 + n), ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
            });
            parts.Add(new PartETag(n, response.ETag) { ChecksumCRC32 = response.ChecksumCRC32 });
            partCrcs.Add(Convert.FromBase64String(response.ChecksumCRC32));
        }

        var complete = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket, Key = "checksummed/object", UploadId = init.UploadId, PartETags = parts,
        });
        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = "checksummed/object", ChecksumMode = ChecksumMode.ENABLED });

        var composite = Convert.ToBase64String(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(
            Core.Checksums.Crc32.Compute([.. partCrcs[0], .. partCrcs[1]])))) + "-2";
        Assert.Equal(composite, complete.ChecksumCRC32);
        Assert.Equal(composite, head.ChecksumCRC32);
    }

    private async Task<string> UploadAsync(string uploadId, string key, int partNumber, long size, int seed)
    {
        var response = await _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _bucket, Key = key, UploadId = uploadId, PartNumber = partNumber, InputStream = new GeneratedStream(size, seed),
        });
        return response.ETag;
    }
}
