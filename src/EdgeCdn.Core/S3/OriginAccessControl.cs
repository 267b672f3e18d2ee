using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EdgeCdn.Core.S3;

/// <summary>
/// Origin access control as CloudFront does it: the edges of a distribution sign their origin requests as the
/// service principal <c>cloudfront.amazonaws.com</c> acting for that distribution, and the bucket policy lets exactly
/// that distribution read. On EdgeCdn's origin the service identity is an origin user of kind <c>service</c> bound to
/// the distribution's ARN in the origin's configuration (never taken from a request), so a distribution cannot claim
/// another's ARN; the edge's <c>s3</c> origin signs with that user's key pair.
/// </summary>
public static class OriginAccessControl
{
    public const string CloudFrontServicePrincipal = "cloudfront.amazonaws.com";

    /// <summary>The account id the origin uses in ARNs unless configured otherwise (Origin:AccountId).</summary>
    public const string DefaultAccountId = "000000000000";

    private const string AccessKeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary><c>arn:aws:cloudfront::&lt;account&gt;:distribution/&lt;id&gt;</c>.</summary>
    public static string DistributionArn(string accountId, string distributionId) =>
        $"arn:aws:cloudfront::{accountId}:distribution/{distributionId}";

    /// <summary>
    /// The bucket policy CloudFront's console writes for origin access control: <c>s3:GetObject</c> on every object of
    /// <paramref name="bucket"/> for the CloudFront service principal when <c>aws:SourceArn</c> is
    /// <paramref name="distributionArn"/>. With <paramref name="allowList"/>, also <c>s3:ListBucket</c>, so that a
    /// missing object answers 404 rather than 403 (what custom error pages for 404 need).
    /// </summary>
    public static string ReadOnlyBucketPolicy(string bucket, string distributionArn, bool allowList = false)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("Version", "2012-10-17");
            json.WriteStartArray("Statement");
            WriteStatement(json, "AllowCloudFrontServicePrincipalReadOnly", "s3:GetObject", $"arn:aws:s3:::{bucket}/*", distributionArn);
            if (allowList)
            {
                WriteStatement(json, "AllowCloudFrontServicePrincipalList", "s3:ListBucket", $"arn:aws:s3:::{bucket}", distributionArn);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A new random key pair for a service identity (20-character access key id, 40-character secret).</summary>
    public static (string AccessKeyId, string SecretAccessKey) NewKeyPair() =>
        ("EDGE" + new string(RandomNumberGenerator.GetItems<char>(AccessKeyAlphabet, 16)),
         new string(RandomNumberGenerator.GetItems<char>(SecretAlphabet, 40)));

    private static void WriteStatement(Utf8JsonWriter json, string sid, string action, string resource, string distributionArn)
    {
        json.WriteStartObject();
        json.WriteString("Sid", sid);
        json.WriteString("Effect", "Allow");
        json.WriteStartObject("Principal");
        json.WriteString("Service", CloudFrontServicePrincipal);
        json.WriteEndObject();
        json.WriteString("Action", action);
        json.WriteString("Resource", resource);
        json.WriteStartObject("Condition");
        json.WriteStartObject("StringEquals");
        json.WriteString("AWS:SourceArn", distributionArn);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
