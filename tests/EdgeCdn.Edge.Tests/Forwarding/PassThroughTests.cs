using System.Text.Json.Nodes;
using EdgeCdn.Core.Signing;
using EdgeCdn.TestCommon.Edge;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Edge.Tests.Forwarding;

/// <summary>Methods other than GET and HEAD: refused unless the behaviour allows them, then forwarded uncached.</summary>
public sealed class PassThroughTests
{
    [Fact]
    public async Task Post_NotAllowedByDefault_403()
    {
        await using var origin = await TestOrigin.StartAsync();
        await using var edge = await EdgeTestHost.StartAsync(EdgeConfig.ForHttpOrigin(origin.BaseUri), TestClock.Create());

        var response = await edge.SendAsync(HttpMethod.Post, "/form", r => r.Content = new StringContent("x"));

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Empty(origin.Requests);
    }

    [Fact]
    public async Task Put_AllowedOnBehaviour_ForwardedWithBodyAndSigned()
    {
        var clock = TestClock.Create();
        var credential = new AwsCredential("AKIDPASSTHROUGH00001", "pass/through/secret/000000000000000000");
        await using var origin = await TestOrigin.StartBucketAsync("uploads", credential, clock);
        string? received = null;
        origin.Handle("/upload.txt", async context =>
        {
            received = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Response.StatusCode = 200;
            context.Response.Headers.ETag = "\"new\"";
        });
        var config = EdgeConfig.ForBucket(origin.BaseUri, "uploads", credential);
        config["Edge"]!["Distributions"]![0]!["CacheBehaviors"] = new JsonArray
        {
            new JsonObject
            {
                ["PathPattern"] = "/upload*",
                ["TargetOriginId"] = EdgeConfig.OriginId,
                ["AllowedMethods"] = new JsonArray("GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"),
            },
        };
        await using var edge = await EdgeTestHost.StartAsync(config, clock);

        var response = await edge.SendAsync(HttpMethod.Put, "/upload.txt", r => r.Content = new StringContent("uploaded through the edge"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("uploaded through the edge", received);
        Assert.Equal("PUT", origin.LastFor("/upload.txt").Method);
        Assert.Equal(SignatureStatus.Valid, origin.LastFor("/upload.txt").Signature);
        Assert.Equal("Miss from edgecdn", response.XCache());
        Assert.Equal(HttpMethods.Put, origin.Requests.Single().Method);
    }
}
