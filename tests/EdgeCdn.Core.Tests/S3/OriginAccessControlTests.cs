using System.Text.Json;
using EdgeCdn.Core.S3;

namespace EdgeCdn.Core.Tests.S3;

/// <summary>The pieces `edgecdn up` uses to wire origin access control: the distribution ARN, the policy CloudFront's
/// console writes, and service key pairs.</summary>
public sealed class OriginAccessControlTests
{
    [Fact]
    public void ReadOnlyBucketPolicy_IsCloudFrontsOacPolicy()
    {
        var arn = OriginAccessControl.DistributionArn("111122223333", "EDFDVBD6EXAMPLE");

        using var policy = JsonDocument.Parse(OriginAccessControl.ReadOnlyBucketPolicy("site", arn));
        var statement = Assert.Single(policy.RootElement.GetProperty("Statement").EnumerateArray());

        Assert.Equal("arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE", arn);
        Assert.Equal("2012-10-17", policy.RootElement.GetProperty("Version").GetString());
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal("cloudfront.amazonaws.com", statement.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal("s3:GetObject", statement.GetProperty("Action").GetString());
        Assert.Equal("arn:aws:s3:::site/*", statement.GetProperty("Resource").GetString());
        Assert.Equal(arn, statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("AWS:SourceArn").GetString());
    }

    [Fact]
    public void ReadOnlyBucketPolicy_WithList_AddsListBucketOnTheBucket()
    {
        using var policy = JsonDocument.Parse(OriginAccessControl.ReadOnlyBucketPolicy("site", "arn:aws:cloudfront::000000000000:distribution/site", allowList: true));
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();

        Assert.Equal(2, statements.Count);
        Assert.Equal("s3:ListBucket", statements[1].GetProperty("Action").GetString());
        Assert.Equal("arn:aws:s3:::site", statements[1].GetProperty("Resource").GetString());
    }

    [Fact]
    public void NewKeyPair_IsRandomAndWellFormed()
    {
        var (a, secretA) = OriginAccessControl.NewKeyPair();
        var (b, _) = OriginAccessControl.NewKeyPair();

        Assert.Matches("^EDGE[A-Z0-9]{16}$", a);
        Assert.Equal(40, secretA.Length);
        Assert.NotEqual(a, b);
    }
}
