using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeCdn.Core.Signing;

namespace EdgeCdn.Core.Tests.Signing;

/// <summary>
/// The AWS Signature Version 4 test suite (service "service", 2015-08-30T12:36:00Z): every published request is
/// signed here and must produce the published Authorization header, canonical request and string to sign; every
/// published presigned URL must re-canonicalise to the published canonical request and carry our signature.
/// </summary>
public sealed class AwsSigV4TestSuiteTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public static TheoryData<string> HeaderCases() =>
        new(VectorFiles.Names("v4").Where(n => Directory.EnumerateFiles(Path.Combine(VectorFiles.Root, "v4", n))
            .Any(f => f.EndsWith("header-signed-request.txt", StringComparison.Ordinal) || f.EndsWith(".sreq", StringComparison.Ordinal))));

    // The session-token URL carries X-Amz-Security-Token twice (the second copy was appended after signing).
    public static TheoryData<string> QueryCases() =>
        new(VectorFiles.Names("v4").Where(n => n != "get-vanilla-with-session-token" &&
            Directory.EnumerateFiles(Path.Combine(VectorFiles.Root, "v4", n), "query-signed-request*.txt").Any()));

    public static TheoryData<string> Suite2015Cases() => new(VectorFiles.Names("v4-2015"));

    [Theory]
    [MemberData(nameof(HeaderCases))]
    public void Sign_SuiteRequest_ProducesPublishedAuthorization(string name)
    {
        var folder = Path.Combine(VectorFiles.Root, "v4", name);
        var file = Directory.EnumerateFiles(folder, "header-signed-request.txt").Concat(Directory.EnumerateFiles(folder, "*.sreq")).First();
        var request = VectorFiles.ParseRequest(File.ReadAllText(file, Encoding.UTF8));
        var expected = request.Header("Authorization")!;
        var signed = SignedHeadersOf(expected);
        var context = Context.Load(folder, name);
        var signer = new SigV4Signer(context.Credential, "us-east-1", "service", context.PathMode);

        var result = signer.Sign(new SigningRequest
        {
            Method = request.Method,
            RawPath = request.RawPath,
            RawQuery = request.RawQuery,
            Headers = request.Headers.Where(h => signed.Contains(h.Key.ToLowerInvariant())).ToList(),
            PayloadHash = request.Header("x-amz-content-sha256") ?? Sha256Hex(request.Body),
        }, SuiteTime);

        Assert.Equal(expected, result.Authorization);
        if (File.Exists(Path.Combine(folder, "header-canonical-request.txt")))
        {
            Assert.Equal(WithoutFinalNewline(VectorFiles.Read("v4", name, "header-canonical-request.txt")), result.CanonicalRequest);
            Assert.Equal(WithoutFinalNewline(VectorFiles.Read("v4", name, "header-string-to-sign.txt")), result.StringToSign);
        }
    }

    [Theory]
    [MemberData(nameof(QueryCases))]
    public void Canonicalize_SuitePresignedUrl_MatchesPublishedCanonicalRequestAndSignature(string name)
    {
        var folder = Path.Combine(VectorFiles.Root, "v4", name);
        var context = Context.Load(folder, name);
        foreach (var file in Directory.EnumerateFiles(folder, "query-signed-request*.txt"))
        {
            var request = VectorFiles.ParseRequest(File.ReadAllText(file, Encoding.UTF8));
            var parameters = request.RawQuery.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty);
            var signedHeaders = UriEncoding.DecodeQueryComponent(parameters["X-Amz-SignedHeaders"]);
            var scope = UriEncoding.DecodeQueryComponent(parameters["X-Amz-Credential"])[(AccessKey.Length + 1)..];
            // The suite's signer adds x-amz-content-sha256 (the body hash, or UNSIGNED-PAYLOAD) when it signs it,
            // without printing it in the request.
            var payloadHash = request.Header("x-amz-content-sha256") ??
                (name == "post-unsigned-payload" ? SigV4Constants.UnsignedPayload : Sha256Hex(request.Body));
            var headers = new List<KeyValuePair<string, string>>(request.Headers);
            if (signedHeaders.Split(';').Contains("x-amz-content-sha256") && request.Header("x-amz-content-sha256") is null)
            {
                headers.Add(new("x-amz-content-sha256", payloadHash));
            }

            var canonical = new Utf8Buffer(512);
            var stringToSign = new Utf8Buffer(256);
            try
            {
                SigV4Computation.WriteCanonicalRequest(ref canonical, request.Method, request.RawPath, context.PathMode, request.RawQuery,
                    excludeSignatureFromQuery: true, signedHeaders, new ListHeaders(headers), payloadHash);
                SigV4Computation.WriteStringToSign(ref stringToSign, "20150830T123600Z", scope, canonical.Written);
                var signature = new byte[32];
                SigV4Computation.Sign(context.Credential.SigningKeys.Get("20150830", "us-east-1", "service"), stringToSign.Written, signature);

                if (Path.GetFileName(file) == "query-signed-request.txt")
                {
                    if (File.Exists(Path.Combine(folder, "query-canonical-request.txt")))
                    {
                        Assert.Equal(WithoutFinalNewline(VectorFiles.Read("v4", name, "query-canonical-request.txt")), canonical.ToString());
                    }

                    if (File.Exists(Path.Combine(folder, "query-string-to-sign.txt")))
                    {
                        Assert.Equal(WithoutFinalNewline(VectorFiles.Read("v4", name, "query-string-to-sign.txt")), stringToSign.ToString());
                    }
                }

                Assert.Equal(parameters["X-Amz-Signature"], Convert.ToHexStringLower(signature));
            }
            finally
            {
                canonical.Dispose();
                stringToSign.Dispose();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Suite2015Cases))]
    public void Sign_Suite2015Request_ProducesPublishedAuthorization(string name)
    {
        var vector = VectorFiles.ParseKeyValue(VectorFiles.Read("v4-2015", name + ".txt"));
        var query = string.Join('&', vector.All("query-param").Select(p =>
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            return UriEncoding.Encode(p[..eq], false) + "=" + UriEncoding.Encode(p[(eq + 1)..], false);
        }));
        var signer = new SigV4Signer(new AwsCredential(vector["access-key"], vector["secret-key"]), vector["region"], vector["service"]);

        var result = signer.Sign(new SigningRequest
        {
            Method = vector["method"],
            RawPath = vector["path"],
            RawQuery = query,
            Headers = vector.Headers(),
            PayloadHash = Sha256Hex(vector.Blocks.GetValueOrDefault("body") ?? string.Empty),
        }, SuiteTime);

        Assert.Equal(vector.Blocks["authorization"], result.Authorization);
    }

    internal static string Sha256Hex(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    private static HashSet<string> SignedHeadersOf(string authorization)
    {
        var start = authorization.IndexOf("SignedHeaders=", StringComparison.Ordinal) + "SignedHeaders=".Length;
        var end = authorization.IndexOf(',', start);
        return [.. authorization[start..end].Split(';')];
    }

    private static string WithoutFinalNewline(string text) => text.EndsWith('\n') ? text[..^1] : text;

    private readonly struct ListHeaders(List<KeyValuePair<string, string>> headers) : IHeaderLookup
    {
        public string? Get(string lowerCaseName)
        {
            var values = headers.Where(h => h.Key.Equals(lowerCaseName, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
            return values.Count == 0 ? null : string.Join(',', values);
        }
    }

    private sealed record Context(AwsCredential Credential, PathCanonicalization PathMode)
    {
        public static Context Load(string folder, string name)
        {
            var normalize = !name.EndsWith("-unnormalized", StringComparison.Ordinal);
            string? token = null;
            var path = Path.Combine(folder, "context.json");
            if (File.Exists(path))
            {
                using var json = JsonDocument.Parse(File.ReadAllText(path));
                if (json.RootElement.TryGetProperty("normalize", out var n))
                {
                    normalize = n.GetBoolean();
                }

                if (json.RootElement.GetProperty("credentials").TryGetProperty("token", out var t))
                {
                    token = t.GetString();
                }
            }

            return new Context(new AwsCredential(AccessKey, SecretKey, token),
                normalize ? PathCanonicalization.NormalizeAndEncode : PathCanonicalization.EncodeOnly);
        }
    }
}
