using System.Text;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Objects;

/// <summary>
/// What a write request may say about the object: the standard headers and x-amz-meta-* S3 stores (user metadata at
/// most 2 KB, counted as S3 counts it: UTF-8 bytes of names without the prefix plus values), and the features this
/// origin does not have yet (encryption, ACLs beyond private, object lock, tagging), which are refused with 501
/// rather than silently ignored.
/// </summary>
internal static class ObjectHeaderRules
{
    public const int MaxUserMetadataBytes = 2048;
    private const string MetaPrefix = "x-amz-meta-";

    private static readonly HashSet<string> StorageClasses = new(StringComparer.Ordinal)
    {
        "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR",
    };

    public static ObjectMetadata Parse(IHeaderDictionary headers)
    {
        RejectUnsupported(headers);
        var meta = new List<KeyValuePair<string, string>>();
        var size = 0;
        foreach (var (name, values) in headers)
        {
            if (!name.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var key = name[MetaPrefix.Length..].ToLowerInvariant();
            var value = values.Count == 1 ? values[0] ?? string.Empty : string.Join(',', values.ToArray());
            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
            meta.Add(new KeyValuePair<string, string>(key, value));
        }

        if (size > MaxUserMetadataBytes)
        {
            throw new S3Exception(S3ErrorCatalog.MetadataTooLarge, null,
                S3Exception.Detail("MetadataSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                S3Exception.Detail("MaxMetadataSize", MaxUserMetadataBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var storageClass = headers["x-amz-storage-class"].ToString();
        if (storageClass.Length == 0)
        {
            storageClass = "STANDARD";
        }
        else if (!StorageClasses.Contains(storageClass))
        {
            throw new S3Exception(new S3ErrorDefinition("InvalidStorageClass", 400, "The storage class you specified is not valid"));
        }

        return new ObjectMetadata(
            new ObjectHeaders(
                NullIfEmpty(headers.ContentType.ToString()),
                StripAwsChunked(headers.ContentEncoding.ToString()),
                NullIfEmpty(headers.ContentDisposition.ToString()),
                NullIfEmpty(headers.ContentLanguage.ToString()),
                NullIfEmpty(headers.CacheControl.ToString()),
                NullIfEmpty(headers.Expires.ToString())),
            meta,
            storageClass);
    }

    public static void RejectUnsupported(IHeaderDictionary headers)
    {
        foreach (var name in headers.Keys)
        {
            if (name.StartsWith("x-amz-server-side-encryption", StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Exception(S3ErrorCatalog.NotImplemented, "Server-side encryption is not implemented by this server.");
            }

            if (name.StartsWith("x-amz-object-lock-", StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Exception(S3ErrorCatalog.NotImplemented, "Object Lock is not implemented by this server.");
            }

            if (name.StartsWith("x-amz-grant-", StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Exception(S3ErrorCatalog.NotImplemented, "Access control lists are not implemented by this server.");
            }

            if (name.Equals("x-amz-tagging", StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Exception(S3ErrorCatalog.NotImplemented, "Object tagging is not implemented by this server.");
            }

            if (name.Equals("x-amz-website-redirect-location", StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Exception(S3ErrorCatalog.NotImplemented, "Website redirects are not implemented by this server.");
            }
        }

        RejectUnsupportedAcl(headers["x-amz-acl"].ToString());
    }

    /// <summary>Canned ACLs that change nothing here (everything is private to its owner) are accepted.</summary>
    public static void RejectUnsupportedAcl(string acl)
    {
        if (acl.Length > 0 && acl is not ("private" or "bucket-owner-full-control" or "bucket-owner-read"))
        {
            throw new S3Exception(S3ErrorCatalog.NotImplemented, $"The canned ACL '{acl}' is not implemented by this server; objects are private.");
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>aws-chunked is how the body travelled, not how the object is encoded.</summary>
    private static string? StripAwsChunked(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        return parts.Length == 0 ? null : string.Join(',', parts);
    }
}
