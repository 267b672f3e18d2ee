using System.Net;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using EdgeCdn.Origin.Tests.Policies;

namespace EdgeCdn.Origin.Tests.Website;

/// <summary>
/// Static website hosting: the configuration through the real AWS SDK (refusals with the previous configuration kept)
/// and the website endpoint on its own listener, reached with Host: &lt;bucket&gt;.s3-website.localhost — index documents
/// in every folder, the folder redirect, the error document with the original status, routing rules by key prefix and
/// by error code, x-amz-website-redirect-location, RedirectAllRequestsTo, HTML errors, GET/HEAD only, public content
/// only, CORS.
/// </summary>
public sealed class WebsiteTests : IAsyncLifetime
{
    private const string Site = "site";
    private OriginServer _server = null!;
    private AmazonS3Client _s3 = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await OriginServer.StartAsync(new Dictionary<string, string?> { ["Origin:Website:Urls"] = "http://127.0.0.1:0" });
        _s3 = _server.Client();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.WebsiteUri };
        await MakePublicSiteAsync(Site);
        foreach (var (key, body) in new[]
                 {
                     ("index.html", "<h1>home</h1>"), ("photos/index.html", "<h1>photos</h1>"), ("photos/cat.jpg", "meow"),
                     ("docs/guide.html", "<h1>guide</h1>"), ("404.html", "<h1>not here</h1>"),
                 })
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Site, Key = key, ContentBody = body, ContentType = "text/html" });
        }

        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Site, Key = "moved.html", ContentBody = string.Empty, WebsiteRedirectLocation = "/docs/guide.html" });
        await _s3.PutBucketWebsiteAsync(new PutBucketWebsiteRequest
        {
            BucketName = Site,
            WebsiteConfiguration = new WebsiteConfiguration
            {
                IndexDocumentSuffix = "index.html",
                ErrorDocument = "404.html",
                RoutingRules =
                [
                    new RoutingRule
                    {
                        Condition = new RoutingRuleCondition { KeyPrefixEquals = "old-docs/" },
                        Redirect = new RoutingRuleRedirect { ReplaceKeyPrefixWith = "docs/", HttpRedirectCode = "301" },
                    },
                    new RoutingRule
                    {
                        Condition = new RoutingRuleCondition { KeyPrefixEquals = "archive/", HttpErrorCodeReturnedEquals = "404" },
                        Redirect = new RoutingRuleRedirect { HostName = "archive.example.test", Protocol = "https", HttpRedirectCode = "302" },
                    },
                ],
            },
        });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _s3.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task IndexDocuments_FolderRedirect_AndPlainObjects()
    {
        using var root = await GetAsync(Site, "/");
        using var folder = await GetAsync(Site, "/photos/");
        using var withoutSlash = await GetAsync(Site, "/photos");
        using var file = await GetAsync(Site, "/photos/cat.jpg");
        using var head = await SendAsync(HttpMethod.Head, Site, "/photos/cat.jpg");

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal("<h1>home</h1>", await root.Content.ReadAsStringAsync());
        Assert.Equal("<h1>photos</h1>", await folder.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Found, withoutSlash.StatusCode);
        Assert.Equal("/photos/", withoutSlash.Headers.Location!.OriginalString);
        Assert.Equal("meow", await file.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(4, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task ErrorDocument_KeepsTheStatus_RoutingRulesRedirect()
    {
        using var missing = await GetAsync(Site, "/nope.html");
        using var renamed = await GetAsync(Site, "/old-docs/guide.html");
        using var archived = await GetAsync(Site, "/archive/2019/report.pdf");
        using var objectRedirect = await GetAsync(Site, "/moved.html");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("<h1>not here</h1>", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.MovedPermanently, renamed.StatusCode);
        Assert.Equal($"http://{Site}.s3-website.localhost/docs/guide.html", renamed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Found, archived.StatusCode);
        Assert.Equal("https://archive.example.test/archive/2019/report.pdf", archived.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.MovedPermanently, objectRedirect.StatusCode);
        Assert.Equal("/docs/guide.html", objectRedirect.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task RedirectAllRequestsTo_SendsEverythingElsewhere()
    {
        await _s3.PutBucketAsync("old-site");
        await _s3.PutBucketWebsiteAsync(new PutBucketWebsiteRequest
        {
            BucketName = "old-site",
            WebsiteConfiguration = new WebsiteConfiguration { RedirectAllRequestsTo = new RoutingRuleRedirect { HostName = "new.example.test", Protocol = "https" } },
        });

        using var redirected = await GetAsync("old-site", "/blog/post?id=7");

        Assert.Equal(HttpStatusCode.MovedPermanently, redirected.StatusCode);
        Assert.Equal("https://new.example.test/blog/post?id=7", redirected.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Errors_AreHtml_OnlyGetAndHead_OnlyPublicContent()
    {
        await _s3.PutBucketAsync("private-site");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "private-site", Key = "index.html", ContentBody = "secret" });
        await _s3.PutBucketWebsiteAsync(new PutBucketWebsiteRequest { BucketName = "private-site", WebsiteConfiguration = new WebsiteConfiguration { IndexDocumentSuffix = "index.html" } });
        await _s3.PutBucketAsync("no-website");

        using var post = await SendAsync(HttpMethod.Post, Site, "/index.html");
        using var privateSite = await GetAsync("private-site", "/");
        using var notConfigured = await GetAsync("no-website", "/");
        using var noBucket = await GetAsync("nothing-here", "/");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, privateSite.StatusCode);
        var page = await privateSite.Content.ReadAsStringAsync();
        Assert.StartsWith("text/html", privateSite.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("<li>Code: AccessDenied</li>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notConfigured.StatusCode);
        Assert.Contains("NoSuchWebsiteConfiguration", await notConfigured.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("NoSuchBucket", await noBucket.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_RoundTrip_AndMissingIndexDocumentRefused_PreviousKept()
    {
        var stored = await _s3.GetBucketWebsiteAsync(Site);
        var invalid = await S3Assert.FailsAsync("InvalidArgument", HttpStatusCode.BadRequest, () => _s3.PutBucketWebsiteAsync(new PutBucketWebsiteRequest
        {
            BucketName = Site,
            WebsiteConfiguration = new WebsiteConfiguration { ErrorDocument = "error.html" },
        }));
        var bothReplacements = await S3Assert.FailsAsync("InvalidArgument", HttpStatusCode.BadRequest, () => _s3.PutBucketWebsiteAsync(new PutBucketWebsiteRequest
        {
            BucketName = Site,
            WebsiteConfiguration = new WebsiteConfiguration
            {
                IndexDocumentSuffix = "index.html",
                RoutingRules = [new RoutingRule { Redirect = new RoutingRuleRedirect { ReplaceKeyWith = "a", ReplaceKeyPrefixWith = "b" } }],
            },
        }));
        var kept = await _s3.GetBucketWebsiteAsync(Site);
        using var stillServed = await GetAsync(Site, "/");

        Assert.Equal("index.html", stored.WebsiteConfiguration.IndexDocumentSuffix);
        Assert.Equal("404.html", stored.WebsiteConfiguration.ErrorDocument);
        Assert.Equal(2, stored.WebsiteConfiguration.RoutingRules.Count);
        Assert.Contains("IndexDocument", invalid.Message, StringComparison.Ordinal);
        Assert.NotNull(bothReplacements);
        Assert.Equal("404.html", kept.WebsiteConfiguration.ErrorDocument);
        Assert.Equal(HttpStatusCode.OK, stillServed.StatusCode);
    }

    [Fact]
    public async Task Cors_OnTheWebsiteEndpoint()
    {
        await _s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
        {
            BucketName = Site,
            Configuration = new CORSConfiguration { Rules = [new CORSRule { AllowedMethods = ["GET"], AllowedOrigins = ["https://app.example.test"], MaxAgeSeconds = 600 }] },
        });

        using var preflight = await SendAsync(HttpMethod.Options, Site, "/index.html", r =>
        {
            r.Headers.Add("Origin", "https://app.example.test");
            r.Headers.Add("Access-Control-Request-Method", "GET");
        });
        using var actual = await SendAsync(HttpMethod.Get, Site, "/index.html", r => r.Headers.Add("Origin", "https://app.example.test"));

        Assert.Equal(HttpStatusCode.OK, preflight.StatusCode);
        Assert.Equal("https://app.example.test", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("600", preflight.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.Equal("https://app.example.test", actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    private async Task MakePublicSiteAsync(string bucket)
    {
        await _s3.PutBucketAsync(bucket);
        await _s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = bucket,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration { BlockPublicAcls = true, IgnorePublicAcls = true },
        });
        await _s3.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = bucket,
            Policy = BucketPolicyTests.Policy(BucketPolicyTests.Statement("Allow", "*", new JsonArray("s3:GetObject", "s3:ListBucket"),
                new JsonArray($"arn:aws:s3:::{bucket}", $"arn:aws:s3:::{bucket}/*"))),
        });
    }

    private Task<HttpResponseMessage> GetAsync(string bucket, string path) => SendAsync(HttpMethod.Get, bucket, path);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string bucket, string path, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = $"{bucket}.s3-website.localhost";
        configure?.Invoke(request);
        return _http.SendAsync(request);
    }
}
