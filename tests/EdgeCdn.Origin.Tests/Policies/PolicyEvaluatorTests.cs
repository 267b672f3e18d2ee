using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Policies;

namespace EdgeCdn.Origin.Tests.Policies;

/// <summary>IAM policy evaluation on its own: principals, wildcards, Not* elements, every condition family with IAM's
/// missing-key rules, explicit deny, and what makes a policy public.</summary>
public sealed class PolicyEvaluatorTests
{
    private const string Bucket = "b";
    private static readonly OriginPrincipal Alice = new(PrincipalKind.User, "alice", "AK1", "000000000000");
    private static readonly OriginPrincipal Root = new(PrincipalKind.Administrator, "root", "AK0", "000000000000");
    private static readonly OriginPrincipal Edge = new(PrincipalKind.Service, "cdn", "AK2", "000000000000", "cloudfront.amazonaws.com",
        "arn:aws:cloudfront::000000000000:distribution/site");

    [Theory]
    [InlineData("\"*\"", "anonymous", true)]
    [InlineData("{\"AWS\":\"*\"}", "anonymous", true)]
    [InlineData("{\"AWS\":\"arn:aws:iam::000000000000:user/alice\"}", "alice", true)]
    [InlineData("{\"AWS\":\"arn:aws:iam::000000000000:user/alice\"}", "root", false)]
    [InlineData("{\"AWS\":\"000000000000\"}", "alice", true)]
    [InlineData("{\"AWS\":\"arn:aws:iam::000000000000:root\"}", "root", true)]
    [InlineData("{\"AWS\":\"000000000000\"}", "edge", false)]
    [InlineData("{\"Service\":\"cloudfront.amazonaws.com\"}", "edge", true)]
    [InlineData("{\"Service\":\"cloudfront.amazonaws.com\"}", "alice", false)]
    [InlineData("{\"Service\":\"cloudfront.amazonaws.com\"}", "anonymous", false)]
    public void Principals_MatchTheirKinds(string principal, string caller, bool matches)
    {
        var policy = Parse($$$"""{"Statement":{"Effect":"Allow","Principal":{{{principal}}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}""");

        Assert.Equal(matches ? PolicyEffect.Allow : PolicyEffect.None, Evaluate(policy, Caller(caller), "s3:GetObject", "arn:aws:s3:::b/k").Effect);
    }

    [Theory]
    [InlineData("s3:Get*", "s3:GetObject", true)]
    [InlineData("s3:get*", "s3:GetObjectVersion", true)]
    [InlineData("s3:*Object", "s3:PutObject", true)]
    [InlineData("s3:Get?bject", "s3:GetObject", true)]
    [InlineData("s3:Get*", "s3:PutObject", false)]
    public void Actions_MatchWithWildcards_CaseInsensitively(string pattern, string action, bool matches)
    {
        var policy = Parse($$$"""{"Statement":{"Effect":"Allow","Principal":"*","Action":"{{{pattern}}}","Resource":"arn:aws:s3:::b/*"}}""");

        Assert.Equal(matches, Evaluate(policy, Alice, action, "arn:aws:s3:::b/k").Effect == PolicyEffect.Allow);
    }

    [Fact]
    public void NotActionNotResourceNotPrincipal_InvertTheirMatch()
    {
        var policy = Parse("""
            {"Statement":[
              {"Effect":"Allow","Principal":"*","NotAction":"s3:DeleteObject","NotResource":"arn:aws:s3:::b/private/*"},
              {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::000000000000:user/alice"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}]}
            """);

        Assert.Equal(PolicyEffect.Allow, Evaluate(policy, Alice, "s3:GetObject", "arn:aws:s3:::b/public/x").Effect);
        Assert.Equal(PolicyEffect.None, Evaluate(policy, Alice, "s3:GetObject", "arn:aws:s3:::b/private/x").Effect);
        Assert.Equal(PolicyEffect.None, Evaluate(policy, Alice, "s3:DeleteObject", "arn:aws:s3:::b/public/x").Effect);
        Assert.Equal(PolicyEffect.Allow, Evaluate(policy, Alice, "s3:PutObject", "arn:aws:s3:::b/public/x").Effect);
        Assert.Equal(PolicyEffect.Deny, Evaluate(policy, Root, "s3:PutObject", "arn:aws:s3:::b/public/x").Effect);
    }

    [Theory]
    [InlineData("StringEquals", "aws:SourceArn", "arn:aws:cloudfront::000000000000:distribution/site", true)]
    [InlineData("StringEquals", "AWS:SOURCEARN", "arn:aws:cloudfront::000000000000:distribution/site", true)]
    [InlineData("StringEquals", "aws:SourceArn", "arn:aws:cloudfront::000000000000:distribution/other", false)]
    [InlineData("StringNotEquals", "aws:SourceArn", "arn:aws:cloudfront::000000000000:distribution/other", true)]
    [InlineData("StringLike", "aws:SourceArn", "arn:aws:cloudfront::*:distribution/s*", true)]
    [InlineData("ArnLike", "aws:SourceArn", "arn:aws:cloudfront::000000000000:distribution/*", true)]
    [InlineData("ArnNotLike", "aws:SourceArn", "arn:aws:cloudfront::000000000000:distribution/*", false)]
    [InlineData("StringEqualsIgnoreCase", "aws:SourceArn", "ARN:AWS:CLOUDFRONT::000000000000:DISTRIBUTION/SITE", true)]
    [InlineData("StringEquals", "aws:SourceAccount", "000000000000", true)]
    [InlineData("IpAddress", "aws:SourceIp", "10.1.0.0/16", true)]
    [InlineData("IpAddress", "aws:SourceIp", "10.2.0.0/16", false)]
    [InlineData("NotIpAddress", "aws:SourceIp", "10.2.0.0/16", true)]
    [InlineData("IpAddress", "aws:SourceIp", "10.1.2.3", true)]
    [InlineData("Bool", "aws:SecureTransport", "false", true)]
    [InlineData("NumericLessThan", "s3:signatureAge", "600000", true)]
    [InlineData("NumericLessThan", "s3:signatureAge", "1000", false)]
    [InlineData("NumericGreaterThanEquals", "s3:signatureAge", "5000", true)]
    [InlineData("DateLessThan", "aws:CurrentTime", "2031-01-01T00:00:00Z", true)]
    [InlineData("DateGreaterThan", "aws:CurrentTime", "2031-01-01T00:00:00Z", false)]
    [InlineData("StringEquals", "aws:PrincipalArn", "arn:aws:iam::000000000000:user/alice", false)]
    [InlineData("StringNotEquals", "aws:PrincipalArn", "arn:aws:iam::000000000000:user/alice", true)]
    [InlineData("StringEqualsIfExists", "aws:PrincipalArn", "arn:aws:iam::000000000000:user/alice", true)]
    [InlineData("Null", "aws:PrincipalArn", "true", true)]
    [InlineData("Null", "aws:SourceArn", "true", false)]
    [InlineData("ForAllValues:StringEquals", "aws:PrincipalArn", "x", true)]
    [InlineData("ForAnyValue:StringEquals", "aws:PrincipalArn", "x", false)]
    public void Conditions_FollowIamRules_ForTheEdgesServiceIdentity(string op, string key, string value, bool passes)
    {
        // The edge's request: service principal with a source ARN, no principal ARN, from 10.1.2.3 over HTTP, signed 5 s ago.
        var facts = new Facts(new()
        {
            ["aws:sourcearn"] = "arn:aws:cloudfront::000000000000:distribution/site",
            ["aws:sourceaccount"] = "000000000000",
            ["aws:sourceip"] = "10.1.2.3",
            ["aws:securetransport"] = "false",
            ["s3:signatureage"] = "5000",
            ["aws:currenttime"] = "2030-06-01T12:00:00Z",
        });
        var policy = Parse("""
            {"Statement":{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
             "Condition":{"OP":{"KEY":"VALUE"}}}}
            """.Replace("OP", op, StringComparison.Ordinal).Replace("KEY", key, StringComparison.Ordinal).Replace("VALUE", value, StringComparison.Ordinal));

        Assert.Equal(passes, PolicyEvaluator.Evaluate(policy, Edge, "s3:GetObject", "arn:aws:s3:::b/k", facts).Effect == PolicyEffect.Allow);
    }

    [Fact]
    public void Conditions_InOneStatement_AllMustHold_ValuesOfOneKeyAnyMayMatch()
    {
        var facts = new Facts(new() { ["aws:sourceip"] = "192.0.2.7", ["aws:securetransport"] = "true" });
        var policy = Parse("""
            {"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
             "Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.0.2.0/24"]},"Bool":{"aws:SecureTransport":"true"}}}}
            """);
        var strict = Parse("""
            {"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
             "Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"},"Bool":{"aws:SecureTransport":"false"}}}}
            """);

        Assert.Equal(PolicyEffect.Allow, PolicyEvaluator.Evaluate(policy, Alice, "s3:GetObject", "arn:aws:s3:::b/k", facts).Effect);
        Assert.Equal(PolicyEffect.None, PolicyEvaluator.Evaluate(strict, Alice, "s3:GetObject", "arn:aws:s3:::b/k", facts).Effect);
    }

    [Fact]
    public void IpConditions_HandleIpv6AndMappedAddresses()
    {
        Assert.True(IpNetwork.TryParse("2001:db8::/32", out var v6));
        Assert.True(IpNetwork.TryParse("127.0.0.0/8", out var v4));
        Assert.False(IpNetwork.TryParse("127.0.0.0/33", out _));
        Assert.False(IpNetwork.TryParse("example.com", out _));

        Assert.True(v6.Contains(System.Net.IPAddress.Parse("2001:db8:1::5")));
        Assert.False(v6.Contains(System.Net.IPAddress.Parse("2001:db9::5")));
        Assert.True(v4.Contains(System.Net.IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(v4.Contains(System.Net.IPAddress.Parse("::1")));
    }

    [Theory]
    [InlineData("\"Principal\":\"*\"", "", true)]
    [InlineData("\"Principal\":{\"AWS\":\"*\"}", "", true)]
    [InlineData("\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:user/alice\"}", "", false)]
    [InlineData("\"Principal\":{\"Service\":\"cloudfront.amazonaws.com\"}", "", false)]
    [InlineData("\"Principal\":\"*\"", ",\"Condition\":{\"StringEquals\":{\"aws:SourceArn\":\"arn:aws:cloudfront::000000000000:distribution/site\"}}", false)]
    [InlineData("\"Principal\":\"*\"", ",\"Condition\":{\"StringLike\":{\"aws:SourceArn\":\"arn:aws:cloudfront::*\"}}", true)]
    [InlineData("\"Principal\":\"*\"", ",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", false)]
    [InlineData("\"Principal\":\"*\"", ",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}", true)]
    [InlineData("\"Principal\":\"*\"", ",\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", true)]
    [InlineData("\"Principal\":\"*\"", ",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", true)]
    public void IsPublic_AsS3JudgesIt(string principal, string condition, bool isPublic)
    {
        var policy = Parse($$$"""{"Statement":{"Effect":"Allow",{{{principal}}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"{{{condition}}}}}""");

        Assert.Equal(isPublic, policy.IsPublic);
    }

    [Theory]
    [InlineData("[1,2", "valid JSON")]
    [InlineData("{\"Statement\":[]}", "Statement")]
    [InlineData("{\"Version\":\"2099-01-01\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}}", "version")]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\",\"Extra\":1}}", "Unknown field Extra")]
    [InlineData("{\"Statement\":{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}}", "Invalid effect")]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}}", "Missing required field Principal")]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"arn:aws:s3:::b/*\"}}", "Missing required field Action")]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\"}}", "Missing required field Resource")]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ec2:RunInstances\",\"Resource\":\"arn:aws:s3:::b/*\"}}", "invalid action")]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::b/*\"}}", "Action does not apply")]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::other/*\"}}", "invalid resource")]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Planet\":\"Mars\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}}", "Invalid principal")]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\",\"Condition\":{\"StringSounds\":{\"aws:SourceArn\":\"x\"}}}}", "Invalid Condition type")]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\",\"Condition\":{\"StringEquals\":{\"weird-key\":\"x\"}}}}", "condition key")]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\",\"Condition\":{\"NumericLessThan\":{\"s3:signatureAge\":\"soon\"}}}}", "numeric")]
    public void Parse_RefusesWithTheReason(string json, string reason)
    {
        var error = Assert.Throws<S3Exception>(() => PolicyParser.Parse(json, Bucket, _ => false));

        Assert.Equal(S3ErrorCatalog.MalformedPolicy.Code, error.Code);
        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static PolicyDocument Parse(string json) => PolicyParser.Parse(json, Bucket, arn => arn.EndsWith("/alice", StringComparison.Ordinal));

    private static PolicyVerdict Evaluate(PolicyDocument policy, OriginPrincipal principal, string action, string resource) =>
        PolicyEvaluator.Evaluate(policy, principal, action, resource, new Facts([]));

    private static OriginPrincipal Caller(string name) => name switch
    {
        "alice" => Alice,
        "root" => Root,
        "edge" => Edge,
        _ => OriginPrincipal.Anonymous,
    };

    private sealed class Facts(Dictionary<string, string> values) : IConditionFacts
    {
        public IReadOnlyList<string>? Get(string key) => values.TryGetValue(key, out var value) ? [value] : null;
    }
}
