using EdgeCdn.Core.Signing;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Core.Tests.Signing;

/// <summary>Builds requests signed by our own signer, as <see cref="RecordedRequest"/>s a server would see.</summary>
internal static class SigningFixture
{
    public const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string Host = "examplebucket.s3.amazonaws.com";

    public static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static AwsCredential Credential { get; } = new(AccessKey, SecretKey);

    public static RequestSignatureVerifier Verifier(DateTimeOffset? now = null, string region = "us-east-1") =>
        new(new InMemoryCredentialStore([Credential]), new SignatureVerifierOptions { Region = region }, new ManualTimeProvider(now ?? Now));

    /// <summary>A header-signed request for <paramref name="rawPath"/> (already escaped as it goes on the wire).</summary>
    public static RecordedRequest HeaderSigned(
        string rawPath, string rawQuery = "", string method = "GET", string payloadHash = SigV4Constants.EmptyPayloadHash,
        DateTimeOffset? time = null, IEnumerable<(string, string)>? extraHeaders = null, AwsCredential? credential = null)
    {
        var signer = new SigV4Signer(credential ?? Credential, "us-east-1");
        var at = time ?? Now;
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", Host),
            new("x-amz-date", SigV4Computation.FormatAmzDate(at)),
            new("x-amz-content-sha256", payloadHash),
        };
        foreach (var (name, value) in extraHeaders ?? [])
        {
            headers.Add(new(name, value));
        }

        var result = signer.Sign(new SigningRequest { Method = method, RawPath = rawPath, RawQuery = rawQuery, Headers = headers, PayloadHash = payloadHash }, at);
        var recorded = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (!recorded.TryGetValue(name, out var list))
            {
                recorded[name] = list = [];
            }

            list.Add(value);
        }

        recorded["Authorization"] = [result.Authorization];
        return new RecordedRequest { Method = method, RawPath = rawPath, RawQuery = rawQuery, Headers = recorded, Body = [] };
    }

    /// <summary>Turns a presigned URL into the request a server receives when a browser or curl follows it.</summary>
    public static RecordedRequest FromUrl(string url, string method = "GET")
    {
        var uri = new Uri(url);
        var pathAndQuery = uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return new RecordedRequest
        {
            Method = method,
            RawPath = q < 0 ? pathAndQuery : pathAndQuery[..q],
            RawQuery = q < 0 ? string.Empty : pathAndQuery[(q + 1)..],
            Headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase) { ["Host"] = [uri.Authority] },
            Body = [],
        };
    }
}
