using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeCdn.Origin.Tests.Cors;

/// <summary>CORS on the S3 API: the configuration through the real AWS SDK (invalid rules refused with S3's code, the
/// previous configuration kept), unauthenticated preflights answered by the rules, and the Access-Control-* headers
/// on actual requests from allowed origins only.</summary>
[Collection(OriginCollection.Name)]
public sealed class CorsTests(OriginFixture fixture) : IAsyncLifetime
{
    private readonly OriginServer _server = fixture.Server;
    private readonly string _bucket = S3Assert.UniqueBucket("cors");
    private AmazonS3Client _s3 = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _s3 = _server.Client();
        _http = new HttpClient { BaseAddress = _server.BaseUri };
        await _s3.PutBucketAsync(_bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "data.json", ContentBody = "{}" });
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        _http.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Preflight_AnsweredByTheRules()
    {
        using var disabled = await PreflightAsync("https://app.example.test", "PUT");
        await PutRulesAsync(
            new CORSRule { Id = "app", AllowedOrigins = ["https://*.example.test"], AllowedMethods = ["GET", "PUT"], AllowedHeaders = ["content-type", "x-amz-*"], ExposeHeaders = ["ETag"], MaxAgeSeconds = 3000 },
            new CORSRule { AllowedOrigins = ["*"], AllowedMethods = ["GET"] });

        using var allowed = await PreflightAsync("https://app.example.test", "PUT", "Content-Type, x-amz-meta-owner");
        using var anyOriginGet = await PreflightAsync("https://elsewhere.test", "GET");
        using var wrongMethod = await PreflightAsync("https://elsewhere.test", "DELETE");
        using var wrongHeader = await PreflightAsync("https://app.example.test", "PUT", "authorization");
        using var noOrigin = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Options, $"/{_bucket}/data.json"));

        Assert.Equal(HttpStatusCode.Forbidden, disabled.StatusCode);
        Assert.Contains("<Code>AccessForbidden</Code>", await disabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("https://app.example.test", Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Equal("GET, PUT", Header(allowed, "Access-Control-Allow-Methods"));
        Assert.Equal("Content-Type, x-amz-meta-owner", Header(allowed, "Access-Control-Allow-Headers"));
        Assert.Equal("ETag", Header(allowed, "Access-Control-Expose-Headers"));
        Assert.Equal("3000", Header(allowed, "Access-Control-Max-Age"));
        Assert.Equal("true", Header(allowed, "Access-Control-Allow-Credentials"));
        Assert.Equal("*", Header(anyOriginGet, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Forbidden, wrongMethod.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongHeader.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noOrigin.StatusCode);
    }

    [Fact]
    public async Task ActualRequests_FromAllowedOriginsGetTheHeaders()
    {
        await PutRulesAsync(new CORSRule { AllowedOrigins = ["https://app.example.test"], AllowedMethods = ["GET"], ExposeHeaders = ["x-amz-request-id"] });

        var signer = SignedHttp.Signer();
        using var allowed = await SignedHttp.SendAsync(_http, HttpMethod.Get, new Uri(_server.BaseUri, $"/{_bucket}/data.json"), signer: signer,
            headers: [new("Origin", "https://app.example.test")]);
        using var other = await SignedHttp.SendAsync(_http, HttpMethod.Get, new Uri(_server.BaseUri, $"/{_bucket}/data.json"), signer: signer,
            headers: [new("Origin", "https://evil.example")]);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("https://app.example.test", Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Equal("x-amz-request-id", Header(allowed, "Access-Control-Expose-Headers"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task InvalidCors_Refused_PreviousConfigurationKept()
    {
        await PutRulesAsync(new CORSRule { AllowedOrigins = ["https://app.example.test"], AllowedMethods = ["GET"] });

        var badMethod = await S3Assert.FailsAsync("InvalidRequest", HttpStatusCode.BadRequest, () =>
            PutRulesAsync(new CORSRule { AllowedOrigins = ["*"], AllowedMethods = ["PATCH"] }));
        var twoWildcards = await S3Assert.FailsAsync("InvalidRequest", HttpStatusCode.BadRequest, () =>
            PutRulesAsync(new CORSRule { AllowedOrigins = ["https://*.*.example.test"], AllowedMethods = ["GET"] }));
        var stored = await _s3.GetCORSConfigurationAsync(_bucket);
        await _s3.DeleteCORSConfigurationAsync(_bucket);
        var raw = await RawSigned.SendAsync(_server.BaseUri, "GET", $"/{_bucket}", "cors=");

        Assert.Contains("PATCH", badMethod.Message, StringComparison.Ordinal);
        Assert.Contains("wildcard", twoWildcards.Message, StringComparison.Ordinal);
        var rule = Assert.Single(stored.Configuration.Rules);
        Assert.Equal(["https://app.example.test"], rule.AllowedOrigins);
        Assert.Equal(404, raw.StatusCode);
        Assert.Contains("<Code>NoSuchCORSConfiguration</Code>", raw.BodyText, StringComparison.Ordinal);
    }

    private Task<PutCORSConfigurationResponse> PutRulesAsync(params CORSRule[] rules) =>
        _s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest { BucketName = _bucket, Configuration = new CORSConfiguration { Rules = [.. rules] } });

    private Task<HttpResponseMessage> PreflightAsync(string origin, string method, string? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, $"/{_bucket}/data.json");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return _http.SendAsync(request);
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();
}
