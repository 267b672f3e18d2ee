using Amazon.S3.Model;

namespace EdgeCdn.Origin.Tests.Objects;

[Collection(OriginCollection.Name)]
public sealed class SmokeTests(OriginFixture fixture)
{
    [Fact]
    public async Task PutGet_RoundTrip()
    {
        using var s3 = fixture.Server.Client();
        await s3.PutBucketAsync("smoke");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "smoke", Key = "a/b.txt", ContentBody = "hello" });
        using var get = await s3.GetObjectAsync("smoke", "a/b.txt");
        using var reader = new StreamReader(get.ResponseStream);
        Assert.Equal("hello", await reader.ReadToEndAsync());
    }
}
