using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using EdgeCdn.TestCommon;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCdn.Origin.Tests.Encryption;

/// <summary>
/// Encryption at rest through the real AWS SDK: SSE-S3 by default (the blob files never hold the plaintext — grep
/// says so), ranges and multipart on encrypted data with a small chunk size so reads cross many chunk boundaries,
/// tampering detected, bucket default encryption, SSE-C round trips (the key required again, a wrong key refused,
/// presigned URLs signing the algorithm header) and SSE-C refused over plain HTTP unless allowed.
/// </summary>
public sealed class EncryptionTests : IAsyncLifetime
{
    private const string Bucket = "vault";
    private const int ChunkBytes = 4096;
    private static readonly byte[] CustomerKey = Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 3)).ToArray();
    private static readonly byte[] OtherKey = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray();
    private OriginServer _server = null!;
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _server = await OriginServer.StartAsync(new Dictionary<string, string?>
        {
            ["Origin:Encryption:ChunkBytes"] = ChunkBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Origin:Encryption:AllowCustomerKeysOverHttp"] = "true",
            ["Origin:MinPartBytes"] = "10000",
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
    public async Task SseS3_IsTheDefault_AndTheBlobsOnDiskHoldNoPlaintext()
    {
        var marker = "PLAINTEXT-MARKER-" + Guid.NewGuid().ToString("N");
        var body = string.Concat(Enumerable.Repeat(marker + "\n", 2000));
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "secret.txt", ContentBody = body });
        var multipart = await UploadPartsAsync("secret-parts.txt", Encoding.UTF8.GetBytes(body), 3, null);

        using var got = await _s3.GetObjectAsync(Bucket, "secret.txt");
        var head = await _s3.GetObjectMetadataAsync(Bucket, "secret-parts.txt");
        using var gotParts = await _s3.GetObjectAsync(Bucket, "secret-parts.txt");

        Assert.Equal(ServerSideEncryptionMethod.AES256, put.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, multipart.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, got.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, head.ServerSideEncryptionMethod);
        Assert.Equal(body, await S3Assert.TextAsync(got));
        Assert.Equal(body, await S3Assert.TextAsync(gotParts));
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)))}\"", put.ETag);

        var blobs = Path.Combine(_server.DataDirectory, "blobs");
        Assert.True(Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Count() >= 4);
        var (exitCode, output) = await GrepAsync(marker, blobs);
        Assert.True(exitCode == 1, $"grep found the plaintext on disk:\n{output}");
        var sample = Encoding.UTF8.GetBytes(marker);
        foreach (var file in Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(-1, (await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(sample));
        }
    }

    [Fact]
    public async Task Ranges_AcrossChunkAndPartBoundaries_DecryptExactly()
    {
        var data = GeneratedStream.Bytes(100_000, 11);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "single.bin", InputStream = new MemoryStream(data) });
        await UploadPartsAsync("parts.bin", data, 4, null);

        foreach (var key in new[] { "single.bin", "parts.bin" })
        {
            foreach (var (first, last) in new[] { (0L, 0L), (4095L, 4096L), (4000L, 12_000L), (24_990L, 25_010L), (49_999L, 75_001L), (99_990L, 99_999L), (0L, 99_999L) })
            {
                using var range = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key, ByteRange = new ByteRange(first, last) });
                Assert.Equal(data[(int)first..((int)last + 1)], await S3Assert.BytesAsync(range));
            }
        }

        using var part = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "parts.bin", PartNumber = 2 });
        Assert.Equal(data[25_000..50_000], await S3Assert.BytesAsync(part));
    }

    [Fact]
    public async Task TamperedBlob_IsAnError_NeverWrongData()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "tamper.bin", InputStream = new MemoryStream(GeneratedStream.Bytes(10_000, 5)) });
        var blobs = Directory.EnumerateFiles(Path.Combine(_server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).ToList();
        var blob = blobs[0];
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[200] ^= 0x01;
        await File.WriteAllBytesAsync(blob, bytes);

        await S3Assert.FailsAsync("InternalError", HttpStatusCode.InternalServerError, () => _s3.GetObjectAsync(Bucket, "tamper.bin"));
    }

    [Fact]
    public async Task MasterKey_LivesInTheDataDirectory_OwnerOnly()
    {
        var path = Path.Combine(_server.DataDirectory, "master.key");

        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(32, Convert.FromBase64String((await File.ReadAllTextAsync(path)).Trim()).Length);
    }

    [Fact]
    public async Task BucketEncryption_DefaultsToSseS3_KmsRefused_PreviousKept()
    {
        var initial = await _s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = Bucket });
        await _s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
        {
            BucketName = Bucket,
            ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
            {
                ServerSideEncryptionRules = [new ServerSideEncryptionRule
                {
                    ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AES256 },
                    BucketKeyEnabled = true,
                }],
            },
        });
        var kms = await S3Assert.FailsAsync("NotImplemented", HttpStatusCode.NotImplemented, () => _s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
        {
            BucketName = Bucket,
            ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
            {
                ServerSideEncryptionRules = [new ServerSideEncryptionRule
                {
                    ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AWSKMS },
                }],
            },
        }));
        var kept = await _s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = Bucket });
        await _s3.DeleteBucketEncryptionAsync(new DeleteBucketEncryptionRequest { BucketName = Bucket });
        var reset = await _s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = Bucket });

        Assert.Equal(ServerSideEncryptionMethod.AES256, Rule(initial).ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm);
        Assert.NotNull(kms);
        Assert.True(Rule(kept).BucketKeyEnabled);
        Assert.Equal(ServerSideEncryptionMethod.AES256, Rule(reset).ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm);
        Assert.False(Rule(reset).BucketKeyEnabled ?? false);

        static ServerSideEncryptionRule Rule(GetBucketEncryptionResponse response) => Assert.Single(response.ServerSideEncryptionConfiguration.ServerSideEncryptionRules);
    }

    [Fact]
    public async Task BucketDefaultNone_StoresAsSent_UnlessTheBucketOrTheRequestAsks_LikeS3Before2023()
    {
        await using var server = await OriginServer.StartAsync(new Dictionary<string, string?> { ["Origin:Encryption:BucketDefault"] = "None" });
        using var s3 = server.Client();
        await s3.PutBucketAsync("plain");
        var marker = "STORED-AS-SENT-" + Guid.NewGuid().ToString("N");
        var blobs = Path.Combine(server.DataDirectory, "blobs");

        var missing = await GetEncryptionAsync(server);
        var plain = await s3.PutObjectAsync(new PutObjectRequest { BucketName = "plain", Key = "plain.txt", ContentBody = marker + "-plain" });
        using (var got = await s3.GetObjectAsync("plain", "plain.txt"))
        {
            Assert.Equal(marker + "-plain", await S3Assert.TextAsync(got));
            Assert.Null(got.ServerSideEncryptionMethod?.Value is { Length: > 0 } m ? m : null);
        }

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Contains("<Code>ServerSideEncryptionConfigurationNotFoundError</Code>", missing.Body, StringComparison.Ordinal);
        Assert.Null(plain.ServerSideEncryptionMethod?.Value is { Length: > 0 } p ? p : null);
        Assert.Equal(0, (await GrepAsync(marker + "-plain", blobs)).ExitCode);

        // Asked for by the request, or by the bucket's own configuration: encrypted as ever.
        var asked = await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "plain", Key = "asked.txt", ContentBody = marker + "-asked", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        });
        await s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
        {
            BucketName = "plain",
            ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
            {
                ServerSideEncryptionRules = [new ServerSideEncryptionRule
                {
                    ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AES256 },
                }],
            },
        });
        var byBucket = await s3.PutObjectAsync(new PutObjectRequest { BucketName = "plain", Key = "bucket.txt", ContentBody = marker + "-bucket" });
        var configured = await s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = "plain" });

        Assert.Equal(ServerSideEncryptionMethod.AES256, asked.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, byBucket.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, Assert.Single(configured.ServerSideEncryptionConfiguration.ServerSideEncryptionRules)
            .ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm);
        Assert.Equal(1, (await GrepAsync(marker + "-asked", blobs)).ExitCode);
        Assert.Equal(1, (await GrepAsync(marker + "-bucket", blobs)).ExitCode);
        using (var got = await s3.GetObjectAsync("plain", "bucket.txt"))
        {
            Assert.Equal(marker + "-bucket", await S3Assert.TextAsync(got));
        }

        // Deleting the configuration returns the bucket to no default encryption.
        await s3.DeleteBucketEncryptionAsync(new DeleteBucketEncryptionRequest { BucketName = "plain" });
        Assert.Equal(HttpStatusCode.NotFound, (await GetEncryptionAsync(server)).Status);

        // The SDK reads this 404 as an empty configuration, so the wire answer is checked directly.
        static async Task<(HttpStatusCode Status, string Body)> GetEncryptionAsync(OriginServer server)
        {
            using var http = new HttpClient();
            using var response = await SignedHttp.SendAsync(http, HttpMethod.Get, new Uri(server.BaseUri, "/plain?encryption"));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task BucketDefault_OtherThanAes256OrNone_StopsTheStart()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => OriginServer.StartAsync(new Dictionary<string, string?> { ["Origin:Encryption:BucketDefault"] = "aws:kms" }));
        Assert.Contains("Origin:Encryption:BucketDefault must be AES256 or None", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SseC_RoundTrip_KeyRequiredAgain_WrongKeyRefused_AndNoPlaintextOnDisk()
    {
        var marker = "SSE-C-MARKER-" + Guid.NewGuid().ToString("N");
        var body = string.Concat(Enumerable.Repeat(marker, 500));
        var put = await _s3.PutObjectAsync(WithKey(new PutObjectRequest { BucketName = Bucket, Key = "customer.txt", ContentBody = body }, CustomerKey));

        using var got = await _s3.GetObjectAsync(WithKey(new GetObjectRequest { BucketName = Bucket, Key = "customer.txt" }, CustomerKey));
        var head = await _s3.GetObjectMetadataAsync(WithKey(new GetObjectMetadataRequest { BucketName = Bucket, Key = "customer.txt" }, CustomerKey));
        using var range = await _s3.GetObjectAsync(WithKey(new GetObjectRequest { BucketName = Bucket, Key = "customer.txt", ByteRange = new ByteRange(5000, 5099) }, CustomerKey));
        var withoutKey = await S3Assert.FailsAsync("InvalidRequest", HttpStatusCode.BadRequest, () => _s3.GetObjectAsync(Bucket, "customer.txt"));
        var wrongKey = await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () =>
            _s3.GetObjectAsync(WithKey(new GetObjectRequest { BucketName = Bucket, Key = "customer.txt" }, OtherKey)));

        Assert.Equal(ServerSideEncryptionCustomerMethod.AES256, put.ServerSideEncryptionCustomerMethod);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(CustomerKey)), put.ServerSideEncryptionCustomerProvidedKeyMD5);
        Assert.Equal(body, await S3Assert.TextAsync(got));
        Assert.Equal(ServerSideEncryptionCustomerMethod.AES256, head.ServerSideEncryptionCustomerMethod);
        Assert.Equal(body.Length, head.ContentLength);
        Assert.Equal(body[5000..5100], await S3Assert.TextAsync(range));
        Assert.All(new[] { withoutKey, wrongKey }, Assert.NotNull);
        var (exitCode, output) = await GrepAsync(marker, Path.Combine(_server.DataDirectory, "blobs"));
        Assert.True(exitCode == 1, $"grep found the plaintext on disk:\n{output}");
    }

    [Fact]
    public async Task HotObjects_SmallObjectsServedFromMemoryOnceRead_NeverSseC_DroppedWithTheirBlobs()
    {
        var hot = _server.App.Services.GetRequiredService<EdgeCdn.Origin.Storage.ObjectStore>().Blobs.Hot;
        var small = GeneratedStream.Bytes(5000, 11);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "hot.bin", InputStream = new MemoryStream(small) });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "big.bin", InputStream = new MemoryStream(GeneratedStream.Bytes(70_000, 12)) });
        await _s3.PutObjectAsync(WithKey(new PutObjectRequest { BucketName = Bucket, Key = "customer.bin", InputStream = new MemoryStream(small) }, CustomerKey));
        Assert.Equal(0, hot.Count);

        Assert.Equal(small, await ReadAsync(new GetObjectRequest { BucketName = Bucket, Key = "hot.bin" }));
        await ReadAsync(new GetObjectRequest { BucketName = Bucket, Key = "big.bin" });
        await ReadAsync(WithKey(new GetObjectRequest { BucketName = Bucket, Key = "customer.bin" }, CustomerKey));
        Assert.Equal(1, hot.Count);
        Assert.Equal(small.Length, hot.Bytes);

        // Served from memory now: damaging the file on disk changes nothing, ranges included.
        var blob = Assert.Single(Directory.EnumerateFiles(Path.Combine(_server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories),
            f => hot.Get(Path.GetFileName(f)) is not null);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[200] ^= 0x01;
        await File.WriteAllBytesAsync(blob, bytes);
        Assert.Equal(small, await ReadAsync(new GetObjectRequest { BucketName = Bucket, Key = "hot.bin" }));
        Assert.Equal(small[100..200], await ReadAsync(new GetObjectRequest { BucketName = Bucket, Key = "hot.bin", ByteRange = new ByteRange(100, 199) }));

        // The customer key is still checked on every read.
        await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () =>
            _s3.GetObjectAsync(WithKey(new GetObjectRequest { BucketName = Bucket, Key = "customer.bin" }, OtherKey)));

        // Overwritten, the old blob goes and its memory with it; the new data is what GET returns.
        var replacement = GeneratedStream.Bytes(3000, 13);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "hot.bin", InputStream = new MemoryStream(replacement) });
        // The last reader's lease may end just after its response did.
        await Eventually.HoldsAsync(() => hot.Count == 0, "the overwritten blob leaving the hot cache", TimeSpan.FromSeconds(10));
        Assert.Equal(replacement, await ReadAsync(new GetObjectRequest { BucketName = Bucket, Key = "hot.bin" }));
        Assert.Equal(1, hot.Count);
        await _s3.DeleteObjectAsync(Bucket, "hot.bin");
        await Eventually.HoldsAsync(() => hot.Count == 0, "the deleted blob leaving the hot cache", TimeSpan.FromSeconds(10));
        Assert.Equal(0, hot.Bytes);
        await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _s3.GetObjectAsync(Bucket, "hot.bin"));
    }

    private async Task<byte[]> ReadAsync(GetObjectRequest request)
    {
        using var response = await _s3.GetObjectAsync(request);
        return await S3Assert.BytesAsync(response);
    }

    [Fact]
    public async Task SseC_PresignedUrl_SignsTheAlgorithmHeader_KeyHeadersSentWithIt()
    {
        await _s3.PutObjectAsync(WithKey(new PutObjectRequest { BucketName = Bucket, Key = "presigned.txt", ContentBody = "customer-keyed" }, CustomerKey));
        var url = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = Bucket, Key = "presigned.txt", Verb = HttpVerb.GET, Expires = DateTime.UtcNow.AddMinutes(5),
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
        });

        // The SDK makes SSE-C presigned URLs https; the scheme is not signed, and this test server allows plain HTTP.
        url = url.Replace("https://", "http://", StringComparison.Ordinal);
        using var http = new HttpClient();

        using var withKey = new HttpRequestMessage(HttpMethod.Get, url);
        withKey.Headers.Add("x-amz-server-side-encryption-customer-algorithm", "AES256");
        withKey.Headers.Add("x-amz-server-side-encryption-customer-key", Convert.ToBase64String(CustomerKey));
        withKey.Headers.Add("x-amz-server-side-encryption-customer-key-MD5", Convert.ToBase64String(MD5.HashData(CustomerKey)));
        using var ok = await http.SendAsync(withKey);
        using var without = await http.GetAsync(url);

        Assert.Contains("x-amz-server-side-encryption-customer-algorithm", Uri.UnescapeDataString(url), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("customer-keyed", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
    }

    [Fact]
    public async Task SseC_MultipartAndCopies_CarryTheirKeys()
    {
        var data = GeneratedStream.Bytes(30_000, 21);
        await UploadPartsAsync("customer-parts.bin", data, 3, CustomerKey);
        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = Bucket, SourceKey = "customer-parts.bin", DestinationBucket = Bucket, DestinationKey = "now-sse-s3.bin",
            CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            CopySourceServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(CustomerKey),
        });
        var missingPartKey = await S3Assert.FailsAsync("InvalidRequest", HttpStatusCode.BadRequest, async () =>
        {
            var start = await _s3.InitiateMultipartUploadAsync(WithKey(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = "keyless-part" }, CustomerKey));
            await _s3.UploadPartAsync(new UploadPartRequest { BucketName = Bucket, Key = "keyless-part", UploadId = start.UploadId, PartNumber = 1, InputStream = new MemoryStream(data) });
        });

        using var parts = await _s3.GetObjectAsync(WithKey(new GetObjectRequest { BucketName = Bucket, Key = "customer-parts.bin" }, CustomerKey));
        using var copy = await _s3.GetObjectAsync(Bucket, "now-sse-s3.bin");

        Assert.Equal(data, await S3Assert.BytesAsync(parts));
        Assert.Equal(data, await S3Assert.BytesAsync(copy));
        Assert.Equal(ServerSideEncryptionMethod.AES256, copy.ServerSideEncryptionMethod);
        Assert.NotNull(missingPartKey);
    }

    [Fact]
    public async Task SseC_OverPlainHttp_RefusedUnlessAllowed()
    {
        await using var strict = await OriginServer.StartAsync();
        using var s3 = strict.Client();
        await s3.PutBucketAsync("strict");

        var refused = await S3Assert.FailsAsync("InvalidRequest", HttpStatusCode.BadRequest, () =>
            s3.PutObjectAsync(WithKey(new PutObjectRequest { BucketName = "strict", Key = "k", ContentBody = "x" }, CustomerKey)));

        Assert.Contains("secure connection", refused.Message, StringComparison.Ordinal);
    }

    private async Task<CompleteMultipartUploadResponse> UploadPartsAsync(string key, byte[] data, int parts, byte[]? customerKey)
    {
        var start = await _s3.InitiateMultipartUploadAsync(WithKey(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key }, customerKey));
        var size = (data.Length + parts - 1) / parts;
        var etags = new List<PartETag>();
        for (var i = 0; i < parts; i++)
        {
            var slice = data[(i * size)..Math.Min(data.Length, (i + 1) * size)];
            var part = await _s3.UploadPartAsync(WithKey(new UploadPartRequest
            {
                BucketName = Bucket, Key = key, UploadId = start.UploadId, PartNumber = i + 1, InputStream = new MemoryStream(slice),
            }, customerKey));
            etags.Add(new PartETag(i + 1, part.ETag));
        }

        return await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = start.UploadId, PartETags = etags });
    }

    private static T WithKey<T>(T request, byte[]? key)
        where T : Amazon.Runtime.AmazonWebServiceRequest
    {
        if (key is null)
        {
            return request;
        }

        var base64 = Convert.ToBase64String(key);
        switch (request)
        {
            case PutObjectRequest put:
                put.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
                put.ServerSideEncryptionCustomerProvidedKey = base64;
                break;
            case GetObjectRequest get:
                get.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
                get.ServerSideEncryptionCustomerProvidedKey = base64;
                break;
            case GetObjectMetadataRequest head:
                head.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
                head.ServerSideEncryptionCustomerProvidedKey = base64;
                break;
            case InitiateMultipartUploadRequest initiate:
                initiate.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
                initiate.ServerSideEncryptionCustomerProvidedKey = base64;
                break;
            case UploadPartRequest part:
                part.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
                part.ServerSideEncryptionCustomerProvidedKey = base64;
                break;
        }

        return request;
    }

    private static async Task<(int ExitCode, string Output)> GrepAsync(string text, string directory)
    {
        var info = new ProcessStartInfo("grep") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-r", "-l", "-F", "--", text, directory })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
