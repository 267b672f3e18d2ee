using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EdgeCdn.Core.Checksums;
using EdgeCdn.Core.Signing;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Origin.Tests.Auth;

/// <summary>
/// Every request is authenticated before anything else: unsigned, wrongly signed, unknown-key, wrong-region, skewed
/// and expired requests are refused with the code AWS uses, and nothing they carry is stored. Valid SigV4 (header,
/// presigned, all aws-chunked variants) and SigV2 (header, query) requests go through. Each test gets its own server
/// (xunit makes a class instance per test), whose clock it may shift.
/// </summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string Bucket = "auth";
    private OriginServer _server = null!;
    private AmazonS3Client _root = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await OriginServer.StartAsync();
        _root = _server.Client();
        _http = new HttpClient();
        await _root.PutBucketAsync(Bucket);
        await _root.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "existing.txt", ContentBody = "existing" });
    }

    public async Task DisposeAsync()
    {
        _root.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Anonymous_Requests_AccessDeniedWithRequestId_AndNothingStored()
    {
        using var get = await _http.GetAsync(new Uri(_server.BaseUri, $"/{Bucket}/existing.txt"));
        using var put = await _http.PutAsync(new Uri(_server.BaseUri, $"/{Bucket}/anonymous.txt"), new StringContent("sneaky"));
        using var list = await _http.GetAsync(_server.BaseUri);
        using var anonymousSdk = new AmazonS3Client(new AnonymousAWSCredentials(), new AmazonS3Config { ServiceURL = _server.BaseUri.ToString(), ForcePathStyle = true, MaxErrorRetry = 0 });

        foreach (var response in new[] { get, put, list })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var error = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
            Assert.Equal("AccessDenied", error.Element("Code")!.Value);
            var requestId = Assert.Single(response.Headers.GetValues("x-amz-request-id"));
            Assert.Matches("^[0-9A-F]{16}$", requestId);
            Assert.Equal(requestId, error.Element("RequestId")!.Value);
        }

        await S3Assert.FailsAsync("AccessDenied", HttpStatusCode.Forbidden, () => anonymousSdk.GetObjectAsync(Bucket, "existing.txt"));
        await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _root.GetObjectAsync(Bucket, "anonymous.txt"));
    }

    [Fact]
    public async Task WrongSecret_SignatureDoesNotMatch_WithCanonicalRequestAndStringToSign()
    {
        using var wrong = _server.Client(OriginServer.RootAccessKey, "not-the-right-secret-at-all-0123456789");
        await S3Assert.FailsAsync("SignatureDoesNotMatch", HttpStatusCode.Forbidden, () => wrong.GetObjectAsync(Bucket, "existing.txt"));

        var time = DateTimeOffset.UtcNow;
        var signer = SignedHttp.Signer(secretKey: "not-the-right-secret-at-all-0123456789");
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseUri, $"/{Bucket}/existing.txt?response-content-type=text%2Fplain"));
        var signed = signer.Sign(message, time, SigV4Constants.EmptyPayloadHash);
        using var response = await _http.SendAsync(message);
        var error = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", error.Element("Code")!.Value);
        Assert.Equal(OriginServer.RootAccessKey, error.Element("AWSAccessKeyId")!.Value);
        Assert.Equal(signed.Signature, error.Element("SignatureProvided")!.Value);
        // The server computed the same canonical request and string to sign (only the key differs), so a user can
        // diff them against their own, as with AWS.
        Assert.Equal(signed.CanonicalRequest, error.Element("CanonicalRequest")!.Value);
        Assert.Equal(signed.StringToSign, error.Element("StringToSign")!.Value);
        Assert.Equal(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(signed.StringToSign)).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + " " + b),
            error.Element("StringToSignBytes")!.Value);
    }

    [Fact]
    public async Task UnknownAccessKey_InvalidAccessKeyId()
    {
        using var stranger = _server.Client("AKIAUNKNOWNKEY000000", "whatever-secret-0123456789");

        await S3Assert.FailsAsync("InvalidAccessKeyId", HttpStatusCode.Forbidden, () => stranger.ListBucketsAsync());
    }

    [Fact]
    public async Task WrongRegionOrBrokenHeader_AuthorizationHeaderMalformed()
    {
        using var elsewhere = _server.Client(configure: c => c.AuthenticationRegion = "eu-west-1");
        await S3Assert.FailsAsync("AuthorizationHeaderMalformed", HttpStatusCode.BadRequest, () => elsewhere.GetObjectAsync(Bucket, "existing.txt"));

        var raw = await RawHttp.SendAsync(_server.BaseUri, "GET", $"/{Bucket}/existing.txt",
        [
            new("x-amz-date", "20260101T000000Z"), new("x-amz-content-sha256", SigV4Constants.EmptyPayloadHash),
            new("Authorization", "AWS4-HMAC-SHA256 Credential=only-a-credential"),
        ]);
        var error = XDocument.Parse(raw.BodyText).Root!;
        Assert.Equal(400, raw.StatusCode);
        Assert.Equal("AuthorizationHeaderMalformed", error.Element("Code")!.Value);

        var regionError = await RawSigned.SendAsync(_server.BaseUri, "GET", $"/{Bucket}/existing.txt", signer: SignedHttp.Signer(region: "ap-south-2"));
        Assert.Equal("us-east-1", XDocument.Parse(regionError.BodyText).Root!.Element("Region")!.Value);
    }

    [Fact]
    public async Task SkewedClock_RequestTimeTooSkewed_BothWays()
    {
        var past = await RawSigned.SendAsync(_server.BaseUri, "GET", $"/{Bucket}/existing.txt", time: DateTimeOffset.UtcNow.AddMinutes(-16));
        var future = await RawSigned.SendAsync(_server.BaseUri, "GET", $"/{Bucket}/existing.txt", time: DateTimeOffset.UtcNow.AddMinutes(16));
        var near = await RawSigned.SendAsync(_server.BaseUri, "GET", $"/{Bucket}/existing.txt", time: DateTimeOffset.UtcNow.AddMinutes(-14));

        foreach (var response in new[] { past, future })
        {
            Assert.Equal(403, response.StatusCode);
            var error = XDocument.Parse(response.BodyText).Root!;
            Assert.Equal("RequestTimeTooSkewed", error.Element("Code")!.Value);
            Assert.Equal("900000", error.Element("MaxAllowedSkewMilliseconds")!.Value);
            Assert.NotNull(error.Element("ServerTime"));
        }

        Assert.Equal(200, near.StatusCode);

        // The SDK's view, with the server's clock 20 minutes ahead (and the SDK's own skew correction off).
        _server.Clock.Offset = TimeSpan.FromMinutes(20);
        try
        {
            using var sdk = _server.Client(configure: c => c.DisableClockSkewCorrection = true);
            await S3Assert.FailsAsync("RequestTimeTooSkewed", HttpStatusCode.Forbidden, () => sdk.GetObjectAsync(Bucket, "existing.txt"));
        }
        finally
        {
            _server.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task PresignedGetAndPut_WorkThroughPlainHttpClient_UntilTheyExpire()
    {
        var putUrl = await _root.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = Bucket, Key = "presigned/report 2026.txt", Verb = HttpVerb.PUT, Expires = DateTime.UtcNow.AddMinutes(1), Protocol = Protocol.HTTP,
        });
        var getUrl = await _root.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = Bucket, Key = "presigned/report 2026.txt", Verb = HttpVerb.GET, Expires = DateTime.UtcNow.AddMinutes(1), Protocol = Protocol.HTTP,
        });

        using var put = await _http.PutAsync(putUrl, new ByteArrayContent("presigned body"u8.ToArray()));
        using var get = await _http.GetAsync(getUrl);
        using var tampered = await _http.GetAsync(getUrl.Replace("report%202026", "report%202027", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("presigned body", await get.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        _server.Clock.Offset = TimeSpan.FromMinutes(2);
        try
        {
            using var expired = await _http.GetAsync(getUrl);
            var error = XDocument.Parse(await expired.Content.ReadAsStringAsync()).Root!;

            Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
            Assert.Equal("AccessDenied", error.Element("Code")!.Value);
            Assert.Equal("Request has expired", error.Element("Message")!.Value);
            Assert.InRange(int.Parse(error.Element("X-Amz-Expires")!.Value, System.Globalization.CultureInfo.InvariantCulture), 59, 61);
        }
        finally
        {
            _server.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task SigV2_HeaderAndQuery_AreAccepted_WrongSignatureRefused()
    {
        var date = DateTimeOffset.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        var path = $"/{Bucket}/existing.txt";
        var stringToSign = SigV2.StringToSign("GET", null, null, date, [], SigV2.CanonicalResource(null, path, string.Empty));
        var signature = SigV2.Sign(OriginServer.RootSecretKey, stringToSign);

        var header = await RawHttp.SendAsync(_server.BaseUri, "GET", path, [new("Date", date), new("Authorization", $"AWS {OriginServer.RootAccessKey}:{signature}")]);
        var wrong = await RawHttp.SendAsync(_server.BaseUri, "GET", path, [new("Date", date), new("Authorization", $"AWS {OriginServer.RootAccessKey}:{SigV2.Sign("wrong", stringToSign)}")]);
        using var query = await _http.GetAsync(SigV2.Presign(new AwsCredential(OriginServer.RootAccessKey, OriginServer.RootSecretKey), _server.BaseUri, Bucket, "existing.txt", DateTimeOffset.UtcNow.AddMinutes(5)));

        Assert.Equal(200, header.StatusCode);
        Assert.Equal("existing", header.BodyText);
        Assert.Equal(403, wrong.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", wrong.BodyText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal("existing", await query.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PayloadHashMismatch_XAmzContentSHA256Mismatch_AndNothingStored()
    {
        var response = await RawSigned.SendAsync(_server.BaseUri, "PUT", $"/{Bucket}/hash-mismatch", body: "actual body"u8.ToArray(),
            payloadHash: Convert.ToHexStringLower(SHA256.HashData("claimed body"u8)));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("<Code>XAmzContentSHA256Mismatch</Code>", response.BodyText, StringComparison.Ordinal);
        await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _root.GetObjectAsync(Bucket, "hash-mismatch"));
    }

    [Theory]
    [InlineData(StreamingPayloadMode.SignedChunks, null)]
    [InlineData(StreamingPayloadMode.SignedChunksWithTrailer, Core.Checksums.ChecksumAlgorithm.Crc32)]
    [InlineData(StreamingPayloadMode.UnsignedWithTrailer, Core.Checksums.ChecksumAlgorithm.Crc32C)]
    [InlineData(StreamingPayloadMode.UnsignedWithTrailer, Core.Checksums.ChecksumAlgorithm.Sha256)]
    public async Task AwsChunkedBodies_EveryVariantDecodes_AndATamperedChunkIsRefused(StreamingPayloadMode mode, Core.Checksums.ChecksumAlgorithm? trailer)
    {
        var data = GeneratedStream.Bytes(200_000, seed: (int)mode);
        var key = $"chunked/{mode}-{trailer}";

        var ok = await SendChunkedAsync(key, data, mode, trailer, tamper: false);
        var bad = await SendChunkedAsync(key + "-tampered", data, mode, trailer, tamper: true);

        Assert.Equal(200, ok.StatusCode);
        using (var got = await _root.GetObjectAsync(Bucket, key))
        {
            Assert.Equal(data, await S3Assert.BytesAsync(got));
        }

        Assert.Equal(mode == StreamingPayloadMode.UnsignedWithTrailer ? 400 : 403, bad.StatusCode);
        Assert.Contains(mode == StreamingPayloadMode.UnsignedWithTrailer ? "<Code>BadDigest</Code>" : "<Code>SignatureDoesNotMatch</Code>", bad.BodyText, StringComparison.Ordinal);
        await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _root.GetObjectAsync(Bucket, key + "-tampered"));
    }

    [Fact]
    public async Task SdkChunkedUpload_ReplayedWithOneFlippedByte_SignatureDoesNotMatch()
    {
        // Capture exactly what the SDK sends for a streaming upload, then replay it to the origin.
        await using var recorder = await RecordingHttpServer.StartAsync();
        using var capture = new AmazonS3Client(new BasicAWSCredentials(OriginServer.RootAccessKey, OriginServer.RootSecretKey),
            new AmazonS3Config { ServiceURL = recorder.BaseUri.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var data = GeneratedStream.Bytes(150_000, seed: 99);
        await capture.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "replayed.bin", InputStream = new MemoryStream(data) });
        var sent = recorder.Last();
        Assert.StartsWith("STREAMING-", sent.GetHeader("x-amz-content-sha256"), StringComparison.Ordinal);

        var tampered = (byte[])sent.Body.Clone();
        tampered[Array.IndexOf(tampered, (byte)'\n') + 5000] ^= 0x20;
        var refused = await ReplayAsync(sent, tampered);
        await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => _root.GetObjectAsync(Bucket, "replayed.bin"));
        var accepted = await ReplayAsync(sent, sent.Body);

        Assert.Equal(403, refused.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", refused.BodyText, StringComparison.Ordinal);
        Assert.Equal(200, accepted.StatusCode);
        using var got = await _root.GetObjectAsync(Bucket, "replayed.bin");
        Assert.Equal(data, await S3Assert.BytesAsync(got));
    }

    private Task<RawHttp.Response> ReplayAsync(RecordedRequest sent, byte[] body)
    {
        var headers = sent.Headers
            .Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase) &&
                        !h.Key.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)));
        return RawHttp.SendAsync(_server.BaseUri, sent.Method, sent.RawPath + (sent.RawQuery.Length > 0 ? "?" + sent.RawQuery : string.Empty), headers, body);
    }

    private async Task<RawHttp.Response> SendChunkedAsync(string key, byte[] data, StreamingPayloadMode mode, Core.Checksums.ChecksumAlgorithm? trailer, bool tamper)
    {
        var signer = SignedHttp.Signer();
        var time = DateTimeOffset.UtcNow;
        var payloadHash = mode switch
        {
            StreamingPayloadMode.SignedChunks => SigV4Constants.StreamingSignedPayload,
            StreamingPayloadMode.SignedChunksWithTrailer => SigV4Constants.StreamingSignedPayloadTrailer,
            _ => SigV4Constants.StreamingUnsignedPayloadTrailer,
        };
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", _server.BaseUri.Authority),
            new("x-amz-date", time.UtcDateTime.ToString(SigV4Constants.AmzDateFormat, System.Globalization.CultureInfo.InvariantCulture)),
            new("x-amz-content-sha256", payloadHash),
            new("content-encoding", "aws-chunked"),
            new("x-amz-decoded-content-length", data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (trailer is { } algorithm)
        {
            headers.Add(new("x-amz-trailer", PayloadChecksum.HeaderNameOf(algorithm)));
        }

        var path = $"/{Bucket}/{UriEncoding.Encode(key, keepSlash: true)}";
        var seed = signer.Sign(new SigningRequest { Method = "PUT", RawPath = path, Headers = headers, PayloadHash = payloadHash }, time);
        var body = AwsChunkedEncoder.Encode(data, 64 * 1024, mode, signer.CreateChunkContext(seed, mode), trailer);
        if (tamper)
        {
            body[Array.IndexOf(body, (byte)'\n') + 1000] ^= 0x01;
        }

        var wire = headers.Select(h => h.Key == "host" ? new KeyValuePair<string, string>("Host", h.Value) : h).ToList();
        wire.Add(new("Authorization", seed.Authorization));
        return await RawHttp.SendAsync(_server.BaseUri, "PUT", path, wire, body);
    }
}
