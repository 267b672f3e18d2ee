using System.Text.Json.Nodes;
using EdgeCdn.Core.Signing;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Forwarding;

/// <summary>
/// Origin access control: the bucket is private (unsigned requests get 403), the edge signs every origin request
/// with SigV4, and the origin verifies each signature with Core's RequestSignatureVerifier.
/// </summary>
public sealed class SigningTests
{
    private const string Bucket = "private-site";
    private static readonly AwsCredential Edge = new("AKIDEDGEEXAMPLE00001", "edge/secret/key/for/signing/0000000000");

    private static async Task<(TestOrigin, EdgeTestHost)> StartAsync(string signing = "always", Action<JsonObject>? edit = null)
    {
        var clock = TestClock.Create();
        var origin = await TestOrigin.StartBucketAsync(Bucket, Edge, clock);
        origin.Put("/docs/report 2026+ü.txt", "private object", "text/plain", o => o.CacheControl = "max-age=600");
        var config = EdgeConfig.ForBucket(origin.BaseUri, Bucket, Edge, signing: signing);
        edit?.Invoke(config);
        return (origin, await EdgeTestHost.StartAsync(config, clock));
    }

    [Fact]
    public async Task PrivateOrigin_UnsignedDirectGet403_SameObjectThroughEdge200()
    {
        var (origin, edge) = await StartAsync();
        await using var _ = origin;
        await using var __ = edge;
        using var direct = new HttpClient();

        var denied = await direct.GetAsync(new Uri(origin.BaseUri, "/" + Bucket + "/docs/report%202026%2B%C3%BC.txt"));
        var viaEdge = await edge.GetAsync("/docs/report%202026%2B%C3%BC.txt");

        Assert.Equal(403, (int)denied.StatusCode);
        Assert.Contains("<Code>AccessDenied</Code>", await denied.Content.ReadAsStringAsync());
        Assert.Equal(200, (int)viaEdge.StatusCode);
        Assert.Equal("private object", await viaEdge.TextAsync());
        var signed = origin.LastFor("/docs/report 2026+ü.txt");
        Assert.Equal(SignatureStatus.Valid, signed.Signature);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=" + Edge.AccessKeyId + "/", signed.Header("Authorization"));
        Assert.Equal("UNSIGNED-PAYLOAD", signed.Header("x-amz-content-sha256"));
        Assert.StartsWith("/" + Bucket + "/docs/", signed.RawTarget);
    }

    [Fact]
    public async Task Signing_QueryStringsForwarded_SignatureStillValid()
    {
        var (origin, edge) = await StartAsync(edit: c => c.WithPolicy(new JsonObject { ["QueryStrings"] = new JsonObject { ["Behavior"] = "all" } }));
        await using var _ = origin;
        await using var __ = edge;
        origin.Put("/q.txt", "q");

        var response = await edge.GetAsync("/q.txt?z=1&a=%20x&b");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(SignatureStatus.Valid, origin.LastFor("/q.txt").Signature);
        Assert.Equal("z=1&a=%20x&b", origin.LastFor("/q.txt").Query);
    }

    [Fact]
    public async Task Always_ViewerAuthorizationReplaced()
    {
        var (origin, edge) = await StartAsync(edit: c => c.WithPolicy(new JsonObject
        {
            ["Headers"] = new JsonObject { ["Behavior"] = "allowList", ["Names"] = new JsonArray("Authorization") },
        }));
        await using var _ = origin;
        await using var __ = edge;

        var response = await edge.GetAsync("/docs/report%202026%2B%C3%BC.txt", r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer viewer-token"));

        Assert.Equal(200, (int)response.StatusCode);
        var received = origin.Requests.Last();
        Assert.Equal(SignatureStatus.Valid, received.Signature);
        Assert.DoesNotContain("viewer-token", received.Header("Authorization"));
    }

    [Fact]
    public async Task NoOverride_ViewerAuthorizationForwardedUnsigned_OtherwiseSigned()
    {
        var (origin, edge) = await StartAsync("no-override", c => c.WithPolicy(new JsonObject
        {
            ["Headers"] = new JsonObject { ["Behavior"] = "allowList", ["Names"] = new JsonArray("Authorization") },
        }));
        await using var _ = origin;
        await using var __ = edge;

        var withViewerAuth = await edge.GetAsync("/docs/report%202026%2B%C3%BC.txt", r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer viewer-token"));
        var forwarded = origin.Requests.Last();
        var withoutAuth = await edge.GetAsync("/docs/report%202026%2B%C3%BC.txt");

        Assert.Equal(403, (int)withViewerAuth.StatusCode);
        Assert.Equal("Bearer viewer-token", forwarded.Header("Authorization"));
        Assert.Equal(200, (int)withoutAuth.StatusCode);
        Assert.Equal(SignatureStatus.Valid, origin.Requests.Last().Signature);
    }

    [Fact]
    public async Task Never_OriginReceivesUnsignedRequest()
    {
        var (origin, edge) = await StartAsync("never");
        await using var _ = origin;
        await using var __ = edge;

        var response = await edge.GetAsync("/docs/report%202026%2B%C3%BC.txt");

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal(SignatureStatus.Missing, origin.Requests.Last().Signature);
        Assert.Null(origin.Requests.Last().Header("Authorization"));
    }

    [Fact]
    public async Task TemporaryCredentials_SessionTokenSentAndSigned()
    {
        var clock = TestClock.Create();
        var temporary = new AwsCredential("ASIATEMPORARY0000001", "temporary/secret/key/0000000000000000", "session-token-value");
        await using var origin = await TestOrigin.StartBucketAsync(Bucket, temporary, clock);
        origin.Put("/t.txt", "t");
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForBucket(origin.BaseUri, Bucket, temporary), clock);

        var response = await edge.GetAsync("/t.txt");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("session-token-value", origin.LastFor("/t.txt").Header("x-amz-security-token"));
        Assert.Contains("x-amz-security-token", origin.LastFor("/t.txt").Header("Authorization"));
    }

    [Fact]
    public async Task CustomOriginHeaders_SentAndCoveredBySignature()
    {
        var (origin, edge) = await StartAsync(edit: c => c.Origin()["CustomHeaders"] = new JsonObject { ["X-Origin-Verify"] = "shared-secret" });
        await using var _ = origin;
        await using var __ = edge;

        await edge.GetAsync("/docs/report%202026%2B%C3%BC.txt");

        var received = origin.Requests.Last();
        Assert.Equal("shared-secret", received.Header("X-Origin-Verify"));
        Assert.Contains("x-origin-verify", received.Header("Authorization"));
        Assert.Equal(SignatureStatus.Valid, received.Signature);
    }
}
