using EdgeCdn.Core.Signing;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Cli.Tests.Commands;

/// <summary>`edgecdn presign` run in-process; its URLs are followed with HttpClient and checked by the verifier.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class PresignCommandTests : IAsyncLifetime
{
    private const string AccessKey = "AKIACLITEST000000001";
    private const string SecretKey = "cli/test+secret";
    private RecordingHttpServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RecordingHttpServer.StartAsync();
        Environment.SetEnvironmentVariable("EDGECDN_ACCESS_KEY", AccessKey);
        Environment.SetEnvironmentVariable("EDGECDN_SECRET_KEY", SecretKey);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("EDGECDN_ACCESS_KEY", null);
        Environment.SetEnvironmentVariable("EDGECDN_SECRET_KEY", null);
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(false, SignatureForm.QueryV4)]
    [InlineData(true, SignatureForm.QueryV2)]
    public async Task Presign_UrlFollowedByHttpClient_VerifiesAtTheServer(bool sigV2, SignatureForm form)
    {
        var (code, output, error) = await RunAsync("presign", "s3://site/docs/read me+.txt", "--endpoint-url", _server.BaseUri.ToString(),
            "--expires-in", "120", sigV2 ? "--sigv2" : "--region=us-east-1");
        Assert.True(code == 0, error);

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(output.Trim()));
        var request = _server.Last();
        var verifier = new RequestSignatureVerifier(new InMemoryCredentialStore([new AwsCredential(AccessKey, SecretKey)]),
            new SignatureVerifierOptions(), TimeProvider.System);

        var check = verifier.Verify(request);

        Assert.True(check.IsValid, check.ToString());
        Assert.Equal(form, check.Form);
        Assert.Equal("/site/docs/read%20me%2B.txt", request.RawPath);
    }

    [Theory]
    [InlineData("s3://bucket-only")]
    [InlineData("https://not-s3/key")]
    public async Task Presign_BadObjectUri_ExitsTwoWithAHint(string target)
    {
        var (code, _, error) = await RunAsync("presign", target);

        Assert.Equal(2, code);
        Assert.Contains("s3://bucket/key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presign_ExpiryAboveSevenDays_IsRefused()
    {
        var (code, _, error) = await RunAsync("presign", "s3://b/k", "--expires-in", "604801");

        Assert.Equal(2, code);
        Assert.Contains("604800", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
