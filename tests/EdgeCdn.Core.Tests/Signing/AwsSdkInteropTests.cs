using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EdgeCdn.Core.Checksums;
using EdgeCdn.Core.Signing;
using EdgeCdn.TestCommon;
using Microsoft.AspNetCore.Http;
using ChecksumAlgorithm = EdgeCdn.Core.Checksums.ChecksumAlgorithm;

namespace EdgeCdn.Core.Tests.Signing;

/// <summary>
/// Requests signed by the real AWS SDK for .NET, captured by a loopback Kestrel listener, must verify with our
/// verifier; one flipped byte anywhere must make them fail for the right reason.
/// </summary>
public sealed class AwsSdkInteropTests : IAsyncLifetime
{
    private const string AccessKey = "AKIAEDGECDNTEST00001";
    private const string SecretKey = "edgecdn/test+secret/KEY0123456789abcdefgh";
    private RecordingHttpServer _server = null!;
    private AmazonS3Client _client = null!;
    private RequestSignatureVerifier _verifier = null!;

    public async Task InitializeAsync()
    {
        _server = await RecordingHttpServer.StartAsync();
        _client = new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
        {
            ServiceURL = _server.BaseUri.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });
        _verifier = new RequestSignatureVerifier(
            new InMemoryCredentialStore([new AwsCredential(AccessKey, SecretKey)]),
            new SignatureVerifierOptions(),
            TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("photos/2026/cat.jpg")]
    [InlineData("with space/and+plus/percent%25/tilde~/ünïcödé ✓.txt")]
    [InlineData("a=b&c;d:e,f@g$h!i'j(k)l*m")]
    public async Task Verify_SdkHeaderSignedGet_IsValid(string key)
    {
        _server.Respond = (_, response) =>
        {
            response.StatusCode = 200;
            response.ContentLength = 5;
            return response.WriteAsync("hello");
        };
        using var result = await _client.GetObjectAsync(new GetObjectRequest { BucketName = "my-bucket", Key = key, ByteRange = new ByteRange(0, 4) });
        var request = _server.Last();

        var check = _verifier.Verify(request);

        Assert.True(check.IsValid, check.ToString());
        Assert.Equal(SignatureForm.HeaderV4, check.Form);
        Assert.Equal(AccessKey, check.AccessKeyId);
    }

    [Fact]
    public async Task Verify_SdkListObjectsWithQuery_IsValid()
    {
        _server.Respond = ListResponseAsync;
        await _client.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = "my-bucket", Prefix = "dir one/ü+", Delimiter = "/", MaxKeys = 7, StartAfter = "a b",
        });

        var check = _verifier.Verify(_server.Last());

        Assert.True(check.IsValid, check.ToString());
    }

    [Fact]
    public async Task Verify_TamperedSdkRequest_FailsForTheRightReason()
    {
        _server.Respond = (_, response) =>
        {
            response.StatusCode = 200;
            return Task.CompletedTask;
        };
        using var result = await _client.GetObjectAsync("my-bucket", "docs/readme.txt");
        var request = _server.Last();
        Assert.True(_verifier.Verify(request).IsValid);

        var path = _verifier.Verify(request.With(rawPath: request.RawPath.Replace("readme", "readmf", StringComparison.Ordinal)));
        Assert.Equal(SignatureStatus.Mismatch, path.Status);
        Assert.Equal("SignatureDoesNotMatch", path.ErrorCode);
        Assert.Contains("/my-bucket/docs/readmf.txt", path.CanonicalRequest, StringComparison.Ordinal);

        var header = _verifier.Verify(request.With(header: ("x-amz-content-sha256", SigV4Constants.UnsignedPayload)));
        Assert.Equal(SignatureStatus.Mismatch, header.Status);

        var amzDate = request.GetHeader("x-amz-date")!;
        var secondLater = SigV4Computation.FormatAmzDate(DateTimeOffset.ParseExact(amzDate, SigV4Constants.AmzDateFormat, null,
            System.Globalization.DateTimeStyles.AssumeUniversal).AddSeconds(1));
        var date = _verifier.Verify(request.With(header: ("x-amz-date", secondLater)));
        Assert.Equal(SignatureStatus.Mismatch, date.Status);

        var skewed = new RequestSignatureVerifier(
            new InMemoryCredentialStore([new AwsCredential(AccessKey, SecretKey)]), new SignatureVerifierOptions(),
            new ManualTimeProvider(DateTimeOffset.UtcNow.AddMinutes(16))).Verify(request);
        Assert.Equal(SignatureStatus.Skewed, skewed.Status);
        Assert.Equal("RequestTimeTooSkewed", skewed.ErrorCode);
    }

    [Fact]
    public async Task Verify_SdkPresignedGetAndPut_AreValidWhenUsedThroughHttpClient()
    {
        using var http = new HttpClient();
        foreach (var verb in new[] { HttpVerb.GET, HttpVerb.PUT })
        {
            var url = await _client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
            {
                BucketName = "my-bucket",
                Key = "shared/report 2026.pdf",
                Verb = verb,
                Expires = DateTime.UtcNow.AddMinutes(10),
                Protocol = Protocol.HTTP,
            });
            using var message = new HttpRequestMessage(verb == HttpVerb.GET ? HttpMethod.Get : HttpMethod.Put, url);
            if (verb == HttpVerb.PUT)
            {
                message.Content = new ByteArrayContent("report body"u8.ToArray());
            }

            using var response = await http.SendAsync(message);
            var request = _server.Last();

            var check = _verifier.Verify(request);

            Assert.True(check.IsValid, check.ToString());
            Assert.Equal(SignatureForm.QueryV4, check.Form);
            var tampered = _verifier.Verify(request.With(rawPath: request.RawPath + "x"));
            Assert.Equal(SignatureStatus.Mismatch, tampered.Status);
        }
    }

    [Fact]
    public async Task Verify_SdkPresignedUrlAfterExpiry_IsExpired()
    {
        var url = await _client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = "my-bucket", Key = "k", Verb = HttpVerb.GET, Expires = DateTime.UtcNow.AddSeconds(60), Protocol = Protocol.HTTP,
        });
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        var later = new RequestSignatureVerifier(
            new InMemoryCredentialStore([new AwsCredential(AccessKey, SecretKey)]), new SignatureVerifierOptions(),
            new ManualTimeProvider(DateTimeOffset.UtcNow.AddMinutes(2)));

        var check = later.Verify(_server.Last());

        Assert.Equal(SignatureStatus.Expired, check.Status);
        Assert.Equal("AccessDenied", check.ErrorCode);
        Assert.Equal("Request has expired", check.Message);
    }

    [Fact]
    public async Task Verify_SdkChunkedPut_IsValidAndBodyDecodesWithEveryChunkChecked()
    {
        var payload = new byte[300_000];
        new Random(42).NextBytes(payload);
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "my-bucket",
            Key = "uploads/blob.bin",
            InputStream = new MemoryStream(payload),
            UseChunkEncoding = true,
        });
        var request = _server.Last();

        var check = _verifier.Verify(request);

        Assert.True(check.IsValid, check.ToString());
        Assert.StartsWith("STREAMING-", check.PayloadHash, StringComparison.Ordinal);
        Assert.NotNull(check.Streaming);
        Assert.Equal(payload, await DecodeAsync(request, check));

        // One flipped byte inside the body: the read that completes that chunk fails.
        var body = (byte[])request.Body.Clone();
        var firstData = Array.IndexOf(body, (byte)'\n') + 1;
        body[firstData + 1000] ^= 0x01;
        var error = await Assert.ThrowsAsync<ChunkedPayloadException>(() => DecodeAsync(request.With(body: body), check));
        Assert.True(error.Error is ChunkedPayloadError.SignatureMismatch or ChunkedPayloadError.ChecksumMismatch, error.Error.ToString());
    }

    private static async Task<byte[]> DecodeAsync(RecordedRequest request, SignatureCheck check)
    {
        var decodedLength = request.GetHeader("x-amz-decoded-content-length") is { } text ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : (long?)null;
        ChecksumAlgorithm? trailer = request.GetHeader("x-amz-trailer") is { } name && PayloadChecksum.TryParse(name, out var algorithm) ? algorithm : null;
        await using var stream = new AwsChunkedStream(new MemoryStream(request.Body), check.Streaming!.Mode, check.Streaming, decodedLength, trailer);
        using var output = new MemoryStream();
        await stream.CopyToAsync(output);
        return output.ToArray();
    }

    private static Task ListResponseAsync(RecordedRequest request, HttpResponse response)
    {
        response.StatusCode = (int)HttpStatusCode.OK;
        response.ContentType = "application/xml";
        return response.WriteAsync("""<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>my-bucket</Name><KeyCount>0</KeyCount><MaxKeys>7</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>""");
    }
}
