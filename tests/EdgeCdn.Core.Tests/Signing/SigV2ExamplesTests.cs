using System.Globalization;
using EdgeCdn.Core.Signing;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Core.Tests.Signing;

/// <summary>The Signature Version 2 examples of "Signing and Authenticating REST Requests" (johnsmith, 2007).</summary>
public sealed class SigV2ExamplesTests
{
    public static TheoryData<string> Examples() => new(VectorFiles.Names("v2"));

    // The Delete example prints the x-amz-date value in the Date slot, against the page's own rule that x-amz-date
    // empties it; a server following the rule cannot accept that request as printed.
    public static TheoryData<string> ConsistentRequests() => new(VectorFiles.Names("v2").Where(n => n != "delete"));

    [Theory]
    [MemberData(nameof(Examples))]
    public void StringToSignAndSignature_Example_ReproducesDocument(string name)
    {
        var vector = VectorFiles.ParseKeyValue(VectorFiles.Read("v2", name + ".txt"));
        var amzHeaders = vector.All("amz-header").Select(h => new KeyValuePair<string, string>(h[..h.IndexOf(':', StringComparison.Ordinal)], h[(h.IndexOf(':', StringComparison.Ordinal) + 1)..]));

        var stringToSign = SigV2.StringToSign(vector["method"], vector.Get("content-md5"), vector.Get("content-type"),
            vector.Get("date") ?? vector["expires"], amzHeaders, vector["resource"]);

        Assert.Equal(vector.Blocks["string-to-sign"], stringToSign);
        Assert.Equal(vector.Blocks["signature"], SigV2.Sign(vector["secret-key"], stringToSign));
    }

    [Theory]
    [MemberData(nameof(ConsistentRequests))]
    public void Verify_ExampleRequestAsReceived_IsValid(string name)
    {
        var vector = VectorFiles.ParseKeyValue(VectorFiles.Read("v2", name + ".txt"));
        var request = VectorFiles.ParseRequest(vector.Blocks["request"]);
        var headers = request.Headers.GroupBy(h => h.Key.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(h => h.Value.Trim()).ToList(), StringComparer.OrdinalIgnoreCase);
        var host = headers["Host"][0].Split(':')[0];
        var bucket = host == "s3.amazonaws.com" ? null
            : host.EndsWith(".s3.amazonaws.com", StringComparison.Ordinal) ? host[..^".s3.amazonaws.com".Length]
            : host;
        var now = vector.Get("date") is { } date
            ? DateTimeOffset.Parse(date, CultureInfo.InvariantCulture)
            : DateTimeOffset.FromUnixTimeSeconds(long.Parse(vector["expires"], CultureInfo.InvariantCulture)).AddMinutes(-1);
        var verifier = new RequestSignatureVerifier(
            new InMemoryCredentialStore([new AwsCredential(vector["access-key"], vector["secret-key"])]),
            new SignatureVerifierOptions(), new ManualTimeProvider(now));
        var received = new RecordedRequest { Method = request.Method, RawPath = request.RawPath, RawQuery = request.RawQuery, Headers = headers, Body = [] };

        var check = verifier.Verify(received, bucket);

        Assert.True(check.IsValid, check.ToString());
        Assert.Equal(vector.Get("expires") is null ? SignatureForm.HeaderV2 : SignatureForm.QueryV2, check.Form);
        Assert.Equal(SignatureStatus.Mismatch, verifier.Verify(received.With(rawPath: request.RawPath + "x"), bucket).Status);
    }

    [Fact]
    public void Verify_QueryExampleAfterExpires_IsExpired()
    {
        var vector = VectorFiles.ParseKeyValue(VectorFiles.Read("v2", "query-string-auth.txt"));
        var request = VectorFiles.ParseRequest(vector.Blocks["request"]);
        var verifier = new RequestSignatureVerifier(
            new InMemoryCredentialStore([new AwsCredential(vector["access-key"], vector["secret-key"])]),
            new SignatureVerifierOptions(), new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1175139621)));
        var received = new RecordedRequest
        {
            Method = "GET", RawPath = request.RawPath, RawQuery = request.RawQuery, Body = [],
            Headers = new(StringComparer.OrdinalIgnoreCase) { ["Host"] = ["johnsmith.s3.amazonaws.com"] },
        };

        var check = verifier.Verify(received, "johnsmith");

        Assert.Equal(SignatureStatus.Expired, check.Status);
        Assert.Equal("AccessDenied", check.ErrorCode);
    }
}
