using System.Security.Cryptography;
using System.Text;

namespace EdgeCdn.Core.Signing;

/// <summary>
/// AWS Signature Version 2 (HMAC-SHA1) for S3, kept for the legacy presigned URLs and old tools that still use it:
/// StringToSign = VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedAmzHeaders CanonicalizedResource.
/// </summary>
public static class SigV2
{
    /// <summary>The query parameters that are part of the canonical resource (S3's sub-resources).</summary>
    private static readonly HashSet<string> SubResources = new(StringComparer.Ordinal)
    {
        "acl", "accelerate", "analytics", "cors", "delete", "encryption", "intelligent-tiering", "inventory",
        "legal-hold", "lifecycle", "location", "logging", "metrics", "notification", "object-lock",
        "ownershipControls", "partNumber", "policy", "policyStatus", "publicAccessBlock", "replication",
        "requestPayment", "response-cache-control", "response-content-disposition", "response-content-encoding",
        "response-content-language", "response-content-type", "response-expires", "restore", "retention", "select",
        "select-type", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
    };

    /// <summary>Builds the string to sign.</summary>
    /// <param name="dateOrExpires">The Date header (empty when x-amz-date is sent), or Expires for query auth.</param>
    /// <param name="amzHeaders">x-amz-* headers (any case; combined values joined with ',').</param>
    /// <param name="resource">The canonicalized resource from <see cref="CanonicalResource"/>.</param>
    public static string StringToSign(
        string method,
        string? contentMd5,
        string? contentType,
        string dateOrExpires,
        IEnumerable<KeyValuePair<string, string>> amzHeaders,
        string resource)
    {
        var sb = new StringBuilder(256);
        sb.Append(method).Append('\n')
            .Append(contentMd5?.Trim() ?? string.Empty).Append('\n')
            .Append(contentType?.Trim() ?? string.Empty).Append('\n')
            .Append(dateOrExpires).Append('\n');
        foreach (var (name, value) in amzHeaders
                     .Select(h => (Name: h.Key.Trim().ToLowerInvariant(), h.Value))
                     .Where(h => h.Name.StartsWith("x-amz-", StringComparison.Ordinal))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            sb.Append(name).Append(':').Append(Unfold(value)).Append('\n');
        }

        sb.Append(resource);
        return sb.ToString();
    }

    /// <summary>
    /// "/bucket/key?sub-resources": <paramref name="path"/> is the request path as sent (for virtual-host-style
    /// requests prefixed with the bucket from the Host header); sub-resources are sorted by name, values decoded.
    /// </summary>
    public static string CanonicalResource(string? virtualHostBucket, string path, string rawQuery)
    {
        var sb = new StringBuilder(path.Length + 32);
        if (virtualHostBucket is not null)
        {
            sb.Append('/').Append(virtualHostBucket);
        }

        sb.Append(string.IsNullOrEmpty(path) ? "/" : path);
        var parts = new List<(string Name, string? Value)>();
        foreach (var part in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var name = UriEncoding.DecodeQueryComponent(eq < 0 ? part : part.AsSpan(0, eq));
            if (SubResources.Contains(name))
            {
                parts.Add((name, eq < 0 ? null : UriEncoding.DecodeQueryComponent(part.AsSpan(eq + 1))));
            }
        }

        var first = true;
        foreach (var (name, value) in parts.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            sb.Append(first ? '?' : '&').Append(name);
            if (value is not null)
            {
                sb.Append('=').Append(value);
            }

            first = false;
        }

        return sb.ToString();
    }

    /// <summary>Base64 of HMAC-SHA1(secret, stringToSign).</summary>
    public static string Sign(string secretAccessKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretAccessKey), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>A SigV2 presigned URL (AWSAccessKeyId, Expires, Signature) for GET of a path-style object URL.</summary>
    public static string Presign(AwsCredential credential, Uri endpoint, string bucket, string key, DateTimeOffset expires, string method = "GET")
    {
        var path = "/" + bucket + "/" + UriEncoding.Encode(key, keepSlash: true);
        var epoch = expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Sign(credential.SecretAccessKey, StringToSign(method, null, null, epoch, [], path));
        var baseUri = endpoint.GetLeftPart(UriPartial.Authority);
        return $"{baseUri}{path}?AWSAccessKeyId={UriEncoding.Encode(credential.AccessKeyId, false)}&Expires={epoch}&Signature={UriEncoding.Encode(signature, false)}";
    }

    private static string Unfold(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Contains('\n', StringComparison.Ordinal) || trimmed.Contains('\r', StringComparison.Ordinal)
            ? string.Join(' ', trimmed.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()))
            : trimmed;
    }
}
