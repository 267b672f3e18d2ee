using System.Text;
using EdgeCdn.Core.Checksums;
using EdgeCdn.Core.Signing;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Core.Tests.Signing;

/// <summary>
/// The worked SigV4 examples of the Amazon S3 API Reference (examplebucket, 2013-05-24): our signer reproduces
/// their canonical requests, strings to sign and signatures, and our verifier accepts the requests as S3 would.
/// </summary>
public sealed class S3WorkedExamplesTests
{
    private static readonly DateTimeOffset ExampleTime = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("get-object")]
    [InlineData("put-object")]
    [InlineData("get-bucket-lifecycle")]
    [InlineData("list-objects")]
    public void Sign_HeaderExample_ReproducesDocument(string name)
    {
        var vector = VectorFiles.ParseKeyValue(VectorFiles.Read("s3", name + ".txt"));
        var credential = new AwsCredential(vector["access-key"], vector["secret-key"]);
        var headers = vector.Headers();
        headers.Add(new("host", vector["host"]));
        var payloadHash = headers.First(h => h.Key == "x-amz-content-sha256").Value;

        var result = new SigV4Signer(credential, vector["region"]).Sign(new SigningRequest
        {
            Method = vector["method"],
            RawPath = vector["path"],
            RawQuery = vector.Get("query") ?? string.Empty,
            Headers = headers,
            PayloadHash = payloadHash,
        }, ExampleTime);

        Assert.Equal(vector.Blocks["canonical-request"], result.CanonicalRequest);
        Assert.Equal(vector.Blocks["string-to-sign"], result.StringToSign);
        Assert.Equal(vector.Blocks["signature"], result.Signature);

        var received = AsReceived(vector, headers, result.Authorization);
        var check = Verifier(credential, ExampleTime.AddMinutes(5)).Verify(received);
        Assert.True(check.IsValid, check.ToString());
    }

    [Fact]
    public void Presign_QueryExample_ReproducesDocumentUrl()
    {
        var vector = VectorFiles.ParseKeyValue(VectorFiles.Read("s3", "presigned-get.txt"));
        var credential = new AwsCredential(vector["access-key"], vector["secret-key"]);

        var url = new SigV4Signer(credential, "us-east-1").Presign("GET", new Uri("https://examplebucket.s3.amazonaws.com/test.txt"),
            ExampleTime, TimeSpan.FromSeconds(86400));

        Assert.Equal(vector.Blocks["url"], url);
        var request = SigningFixture.FromUrl(vector.Blocks["url"]);
        Assert.True(Verifier(credential, ExampleTime.AddHours(23)).Verify(request).IsValid);
        Assert.Equal(SignatureStatus.Expired, Verifier(credential, ExampleTime.AddSeconds(86401)).Verify(request).Status);
    }

    [Fact]
    public void ChunkedUploadExample_SeedAndEveryChunkSignatureReproduced_AndBodyDecodes()
    {
        var vector = VectorFiles.ParseKeyValue(VectorFiles.Read("s3", "chunked-upload.txt"));
        var (check, chunkSignatures) = VerifySeed(vector, vector.Headers(), vector.Blocks["signature"]);

        var data = Encoding.ASCII.GetBytes(new string('a', 66560));
        var body = AwsChunkedEncoder.Encode(data, 65536, StreamingPayloadMode.SignedChunks, check.Streaming, null);

        Assert.Equal(66824, body.Length);
        Assert.Equal(chunkSignatures.Skip(1).ToList(), ChunkSignaturesIn(body));
        using var stream = new AwsChunkedStream(new MemoryStream(body), StreamingPayloadMode.SignedChunks, check.Streaming, 66560, null);
        using var decoded = new MemoryStream();
        stream.CopyTo(decoded);
        Assert.Equal(data, decoded.ToArray());
    }

    [Fact]
    public void TrailerExample_ChunkAndTrailerSignaturesReproduced_AndChecksumChecked()
    {
        var vector = VectorFiles.ParseKeyValue(VectorFiles.Read("s3", "trailer-signed-payload.txt"));
        // The page's own Authorization line lists other headers than its canonical request; the seed signature
        // verifies with the canonical request's list, which is what is signed here.
        var signed = vector.Blocks["signed-headers"].Split(';').ToHashSet();
        var headers = vector.Headers().Where(h => signed.Contains(h.Key)).ToList();
        var (check, chunkSignatures) = VerifySeed(vector, headers, vector.Blocks["signature"]);

        var data = Encoding.ASCII.GetBytes(new string('a', 66560));
        var body = AwsChunkedEncoder.Encode(data, 65536, StreamingPayloadMode.SignedChunksWithTrailer, check.Streaming, ChecksumAlgorithm.Crc32C);

        var text = Encoding.ASCII.GetString(body);
        Assert.Equal(chunkSignatures.Skip(1).SkipLast(1).ToList(), ChunkSignaturesIn(body));
        Assert.EndsWith(vector.Blocks["trailer"].Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n\r\n", text, StringComparison.Ordinal);
        using var stream = new AwsChunkedStream(new MemoryStream(body), StreamingPayloadMode.SignedChunksWithTrailer, check.Streaming, 66560, ChecksumAlgorithm.Crc32C);
        using var decoded = new MemoryStream();
        stream.CopyTo(decoded);
        Assert.Equal(data, decoded.ToArray());
        Assert.Equal("sOO8/Q==", stream.ComputedChecksum);

        var tampered = Encoding.ASCII.GetBytes(text.Replace("sOO8/Q==", "sOO8/Q=A", StringComparison.Ordinal));
        using var bad = new AwsChunkedStream(new MemoryStream(tampered), StreamingPayloadMode.SignedChunksWithTrailer, check.Streaming, 66560, ChecksumAlgorithm.Crc32C);
        var error = Assert.Throws<ChunkedPayloadException>(() => bad.CopyTo(Stream.Null));
        Assert.Equal(ChunkedPayloadError.SignatureMismatch, error.Error);
    }

    [Fact]
    public void ChunkedUploadExample_TruncatedOrCorrupted_FailsWithReason()
    {
        var vector = VectorFiles.ParseKeyValue(VectorFiles.Read("s3", "chunked-upload.txt"));
        var (check, _) = VerifySeed(vector, vector.Headers(), vector.Blocks["signature"]);
        var body = AwsChunkedEncoder.Encode(Encoding.ASCII.GetBytes(new string('a', 66560)), 65536, StreamingPayloadMode.SignedChunks, check.Streaming, null);

        ChunkedPayloadError Decode(byte[] bytes, long? length = 66560)
        {
            using var stream = new AwsChunkedStream(new MemoryStream(bytes), StreamingPayloadMode.SignedChunks, check.Streaming, length, null);
            return Assert.Throws<ChunkedPayloadException>(() => stream.CopyTo(Stream.Null)).Error;
        }

        Assert.Equal(ChunkedPayloadError.IncompleteBody, Decode(body[..40000]));
        var flipped = (byte[])body.Clone();
        flipped[66_000] ^= 0x20; // inside the second chunk's data
        Assert.Equal(ChunkedPayloadError.SignatureMismatch, Decode(flipped));
        Assert.Equal(ChunkedPayloadError.IncompleteBody, Decode(body, length: 70000));
        Assert.Equal(ChunkedPayloadError.Malformed, Decode(Encoding.ASCII.GetBytes("zz;chunk-signature=00\r\n")));
    }

    private static (SignatureCheck Check, List<string> ChunkSignatures) VerifySeed(KeyValueVector vector, List<KeyValuePair<string, string>> headers, string seedSignature)
    {
        var credential = new AwsCredential(vector["access-key"], vector["secret-key"]);
        headers = [.. headers, new("host", vector["host"])];
        var result = new SigV4Signer(credential, vector["region"]).Sign(new SigningRequest
        {
            Method = vector["method"],
            RawPath = vector["path"],
            Headers = headers,
            PayloadHash = headers.First(h => h.Key == "x-amz-content-sha256").Value,
        }, ExampleTime);
        Assert.Equal(vector.Blocks["canonical-request"], result.CanonicalRequest);
        Assert.Equal(vector.Blocks["string-to-sign"], result.StringToSign);
        Assert.Equal(seedSignature, result.Signature);

        var check = Verifier(credential, ExampleTime).Verify(AsReceived(vector, headers, result.Authorization));
        Assert.True(check.IsValid, check.ToString());
        Assert.NotNull(check.Streaming);
        var signatures = vector.Blocks["chunk-signatures"].Split('\n').Select(l => l.Split(' ')[1]).ToList();
        return (check, signatures);
    }

    private static List<string> ChunkSignaturesIn(byte[] body)
    {
        var text = Encoding.ASCII.GetString(body);
        var found = new List<string>();
        for (var at = text.IndexOf("chunk-signature=", StringComparison.Ordinal); at >= 0; at = text.IndexOf("chunk-signature=", at + 1, StringComparison.Ordinal))
        {
            found.Add(text.Substring(at + "chunk-signature=".Length, 64));
        }

        return found;
    }

    private static RecordedRequest AsReceived(KeyValueVector vector, List<KeyValuePair<string, string>> headers, string authorization)
    {
        var recorded = headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(h => h.Value).ToList(), StringComparer.OrdinalIgnoreCase);
        recorded["Host"] = [vector["host"]];
        recorded["Authorization"] = [authorization];
        return new RecordedRequest
        {
            Method = vector["method"],
            RawPath = vector["path"].Replace("$", "%24", StringComparison.Ordinal),
            RawQuery = vector.Get("query") ?? string.Empty,
            Headers = recorded,
            Body = [],
        };
    }

    private static RequestSignatureVerifier Verifier(AwsCredential credential, DateTimeOffset now) =>
        new(new InMemoryCredentialStore([credential]), new SignatureVerifierOptions(), new ManualTimeProvider(now));
}
