using BenchmarkDotNet.Attributes;
using EdgeCdn.Core.Signing;

namespace EdgeCdn.Benchmarks.Signing;

/// <summary>
/// SigV4 on the hot paths: the origin verifying a header-signed GET (what every request through the chain costs),
/// verifying a presigned GET, and the edge signing its origin request.
/// </summary>
[MemoryDiagnoser]
public class SigV4Benchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly AwsCredential _credential = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private RequestSignatureVerifier _verifier = null!;
    private SigV4Signer _signer = null!;
    private BenchmarkRequest _headerSignedGet = null!;
    private BenchmarkRequest _presignedGet = null!;
    private SigningRequest _toSign = null!;

    [GlobalSetup]
    public void Setup()
    {
        _verifier = new RequestSignatureVerifier(new InMemoryCredentialStore([_credential]), new SignatureVerifierOptions(), new FixedTime(Now));
        _signer = new SigV4Signer(_credential, "us-east-1");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["host"] = "127.0.0.1:9000",
            ["x-amz-date"] = "20261121T120000Z",
            ["x-amz-content-sha256"] = SigV4Constants.EmptyPayloadHash,
            ["amz-sdk-invocation-id"] = "0b1f2b8a-6a8b-4f4e-9a55-1d9f9c2d3e4f",
            ["amz-sdk-request"] = "attempt=1; max=5",
            ["user-agent"] = "aws-sdk-dotnet-coreclr/4.0.103",
        };
        _toSign = new SigningRequest
        {
            Method = "GET",
            RawPath = "/site/assets/index-3f9a1c2e.js",
            Headers = headers.Where(h => h.Key != "user-agent").ToList(),
            PayloadHash = SigV4Constants.EmptyPayloadHash,
        };
        headers["authorization"] = _signer.Sign(_toSign, Now).Authorization;
        _headerSignedGet = new BenchmarkRequest("GET", "/site/assets/index-3f9a1c2e.js", string.Empty, headers);

        var url = new Uri(_signer.Presign("GET", new Uri("http://127.0.0.1:9000/site/index.html"), Now, TimeSpan.FromHours(1)));
        _presignedGet = new BenchmarkRequest("GET", url.AbsolutePath, url.Query[1..],
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["host"] = "127.0.0.1:9000" });

        if (!_verifier.Verify(_headerSignedGet).IsValid || !_verifier.Verify(_presignedGet).IsValid)
        {
            throw new InvalidOperationException("benchmark requests do not verify");
        }
    }

    [Benchmark(Baseline = true)]
    public bool VerifyHeaderSignedGet() => _verifier.Verify(_headerSignedGet).IsValid;

    [Benchmark]
    public bool VerifyPresignedGet() => _verifier.Verify(_presignedGet).IsValid;

    [Benchmark]
    public string SignGet() => _signer.Sign(_toSign, Now).Authorization;

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
