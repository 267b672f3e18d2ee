using EdgeCdn.Core.Signing;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Core.Tests.Signing;

public sealed class RequestSignatureVerifierTests
{
    private static readonly RequestSignatureVerifier Verifier = SigningFixture.Verifier();

    [Fact]
    public void Verify_SignedGet_ReturnsValidWithCredential()
    {
        var check = Verifier.Verify(SigningFixture.HeaderSigned("/bucket/photos/cat.jpg"));

        Assert.Equal(SignatureStatus.Valid, check.Status);
        Assert.Equal(SignatureForm.HeaderV4, check.Form);
        Assert.Same(SigningFixture.Credential.AccessKeyId, check.Credential!.AccessKeyId);
        Assert.Null(check.ErrorCode);
    }

    [Fact]
    public void Verify_NoAuthorizationAtAll_ReturnsMissing()
    {
        var request = SigningFixture.HeaderSigned("/bucket/key");
        request.Headers.Remove("Authorization");

        var check = Verifier.Verify(request);

        Assert.Equal(SignatureStatus.Missing, check.Status);
        Assert.True(check.IsAnonymous);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261121/us-east-1/s3/aws4_request, Signature=00", "AuthorizationHeaderMalformed")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00", "AuthorizationHeaderMalformed")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261121/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=00", "AuthorizationHeaderMalformed")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261121/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00", "AuthorizationHeaderMalformed")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261120/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00", "AuthorizationHeaderMalformed")]
    [InlineData("AWS4-ECDSA-P256-SHA256 Credential=x", "InvalidArgument")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261121/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=nothex", "AuthorizationHeaderMalformed")]
    public void Verify_MalformedAuthorization_ReturnsMalformedWithS3Code(string authorization, string code)
    {
        var request = SigningFixture.HeaderSigned("/bucket/key").With(header: ("Authorization", authorization));

        var check = Verifier.Verify(request);

        Assert.Equal(SignatureStatus.Malformed, check.Status);
        Assert.Equal(code, check.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(check.Message));
    }

    [Fact]
    public void Verify_WrongRegion_MessageNamesTheExpectedRegion()
    {
        var request = SigningFixture.HeaderSigned("/bucket/key");

        var check = SigningFixture.Verifier(region: "eu-central-1").Verify(request);

        Assert.Equal(SignatureStatus.Malformed, check.Status);
        Assert.Contains("the region 'us-east-1' is wrong; expecting 'eu-central-1'", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_UnknownAccessKey_ReturnsUnknownKeyNamingIt()
    {
        var stranger = new AwsCredential("AKIASTRANGER00000000", "some-secret");
        var check = Verifier.Verify(SigningFixture.HeaderSigned("/bucket/key", credential: stranger));

        Assert.Equal(SignatureStatus.UnknownKey, check.Status);
        Assert.Equal("InvalidAccessKeyId", check.ErrorCode);
        Assert.Equal("AKIASTRANGER00000000", check.AccessKeyId);
    }

    [Fact]
    public void Verify_WrongSecret_ReturnsMismatchWithCanonicalRequestAndStringToSign()
    {
        var impostor = new AwsCredential(SigningFixture.AccessKey, "not-the-secret");
        var check = Verifier.Verify(SigningFixture.HeaderSigned("/bucket/my key.txt", "list-type=2&prefix=a%2Fb", credential: impostor));

        Assert.Equal(SignatureStatus.Mismatch, check.Status);
        Assert.Equal("SignatureDoesNotMatch", check.ErrorCode);
        Assert.Equal(
            "GET\n/bucket/my%20key.txt\nlist-type=2&prefix=a%2Fb\nhost:examplebucket.s3.amazonaws.com\n" +
            "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:20261121T120000Z\n\n" +
            "host;x-amz-content-sha256;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            check.CanonicalRequest);
        Assert.StartsWith("AWS4-HMAC-SHA256\n20261121T120000Z\n20261121/us-east-1/s3/aws4_request\n", check.StringToSign, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-16, SignatureStatus.Skewed)]
    [InlineData(16, SignatureStatus.Skewed)]
    [InlineData(-14, SignatureStatus.Valid)]
    [InlineData(14, SignatureStatus.Valid)]
    public void Verify_RequestTimeAgainstServerClock_SkewBeyondFifteenMinutesRefused(int minutes, SignatureStatus expected)
    {
        var request = SigningFixture.HeaderSigned("/bucket/key", time: SigningFixture.Now.AddMinutes(minutes));

        var check = Verifier.Verify(request);

        Assert.Equal(expected, check.Status);
        if (expected == SignatureStatus.Skewed)
        {
            Assert.Equal("RequestTimeTooSkewed", check.ErrorCode);
        }
    }

    [Fact]
    public void Verify_MissingContentSha256_ReturnsInvalidRequest()
    {
        var request = SigningFixture.HeaderSigned("/bucket/key");
        request.Headers.Remove("x-amz-content-sha256");

        var check = Verifier.Verify(request);

        Assert.Equal(SignatureStatus.Malformed, check.Status);
        Assert.Equal("InvalidRequest", check.ErrorCode);
    }

    [Fact]
    public void Verify_EquivalentWireEscapings_AllVerify()
    {
        // A client may escape '~' or '!' or not; S3 canonicalises the decoded path, so each form verifies.
        var signed = SigningFixture.HeaderSigned("/bucket/a~b!c");
        foreach (var wire in new[] { "/bucket/a~b!c", "/bucket/a%7Eb%21c", "/bucket/a%7eb!c" })
        {
            Assert.True(Verifier.Verify(signed.With(rawPath: wire)).IsValid, wire);
        }
    }

    [Fact]
    public void Verify_DotSegmentsInS3Path_AreNotNormalised()
    {
        var signed = SigningFixture.HeaderSigned("/bucket/a/../b");

        Assert.True(Verifier.Verify(signed).IsValid);
        Assert.Equal(SignatureStatus.Mismatch, Verifier.Verify(signed.With(rawPath: "/bucket/b")).Status);
    }

    [Fact]
    public void Verify_PresignedUrl_ValidThenExpiredThenNotYetValid()
    {
        var signer = new SigV4Signer(SigningFixture.Credential, "us-east-1");
        var url = signer.Presign("GET", new Uri("https://examplebucket.s3.amazonaws.com/reports/q3 summary.pdf?versionId=3"), SigningFixture.Now, TimeSpan.FromHours(1));
        var request = SigningFixture.FromUrl(url);

        Assert.True(SigningFixture.Verifier(SigningFixture.Now.AddMinutes(59)).Verify(request).IsValid);

        var expired = SigningFixture.Verifier(SigningFixture.Now.AddMinutes(61)).Verify(request);
        Assert.Equal(SignatureStatus.Expired, expired.Status);
        Assert.Equal("Request has expired", expired.Message);

        var early = SigningFixture.Verifier(SigningFixture.Now.AddMinutes(-16)).Verify(request);
        Assert.Equal(SignatureStatus.NotYetValid, early.Status);
    }

    [Fact]
    public void Verify_PresignedUrlWithTamperedExpiry_ReturnsMismatch()
    {
        var signer = new SigV4Signer(SigningFixture.Credential, "us-east-1");
        var url = signer.Presign("GET", new Uri("https://examplebucket.s3.amazonaws.com/k"), SigningFixture.Now, TimeSpan.FromMinutes(5));
        var request = SigningFixture.FromUrl(url.Replace("X-Amz-Expires=300", "X-Amz-Expires=3000", StringComparison.Ordinal));

        Assert.Equal(SignatureStatus.Mismatch, Verifier.Verify(request).Status);
    }

    [Theory]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261121%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261121T120000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00", "AuthorizationQueryParametersError")]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA1&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261121%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261121T120000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00", "AuthorizationQueryParametersError")]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261121%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261121T120000Z&X-Amz-Expires=604801&X-Amz-SignedHeaders=host&X-Amz-Signature=00", "AuthorizationQueryParametersError")]
    public void Verify_BadPresignedParameters_ReturnsMalformed(string query, string code)
    {
        var request = SigningFixture.FromUrl("https://examplebucket.s3.amazonaws.com/k?" + query);

        var check = Verifier.Verify(request);

        Assert.Equal(SignatureStatus.Malformed, check.Status);
        Assert.Equal(code, check.ErrorCode);
    }

    [Fact]
    public void Presign_ExpiryBeyondSevenDays_Throws()
    {
        var signer = new SigV4Signer(SigningFixture.Credential, "us-east-1");

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            signer.Presign("GET", new Uri("https://h/k"), SigningFixture.Now, TimeSpan.FromSeconds(604801)));
    }

    [Fact]
    public void Verify_SessionTokenPresign_SignsTheToken()
    {
        var temporary = new AwsCredential(SigningFixture.AccessKey, SigningFixture.SecretKey, "session/token+value=");
        var url = new SigV4Signer(temporary, "us-east-1").Presign("GET", new Uri("https://h.example/k"), SigningFixture.Now, TimeSpan.FromMinutes(1));

        Assert.Contains("X-Amz-Security-Token=session%2Ftoken%2Bvalue%3D", url, StringComparison.Ordinal);
        Assert.True(Verifier.Verify(SigningFixture.FromUrl(url)).IsValid);
        Assert.False(Verifier.Verify(SigningFixture.FromUrl(url.Replace("token%2Bvalue", "token%2Bvaluf", StringComparison.Ordinal))).IsValid);
    }

    [Fact]
    public void SignHttpRequestMessage_ThenVerify_IsValidAndReplacesViewerAuthorization()
    {
        var signer = new SigV4Signer(SigningFixture.Credential, "us-east-1");
        using var message = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:9000/bucket/dir/file%20name.txt?partNumber=1");
        message.Headers.TryAddWithoutValidation("Authorization", "Bearer viewer-token");
        message.Headers.TryAddWithoutValidation("Range", "bytes=0-99");
        message.Headers.TryAddWithoutValidation("If-None-Match", "\"abc\"");
        message.Headers.TryAddWithoutValidation("User-Agent", "curl/8.0");

        signer.Sign(message, SigningFixture.Now);

        var headers = message.Headers.NonValidated.ToDictionary(h => h.Key, h => h.Value.ToList(), StringComparer.OrdinalIgnoreCase);
        var auth = Assert.Single(headers["Authorization"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261121/us-east-1/s3/aws4_request, SignedHeaders=host;if-none-match;range;x-amz-content-sha256;x-amz-date, Signature=", auth, StringComparison.Ordinal);
        var request = new RecordedRequest
        {
            Method = "GET",
            RawPath = "/bucket/dir/file%20name.txt",
            RawQuery = "partNumber=1",
            Headers = headers,
            Body = [],
        };
        Assert.True(Verifier.Verify(request).IsValid);
    }
}
