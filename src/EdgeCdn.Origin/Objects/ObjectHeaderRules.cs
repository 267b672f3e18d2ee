using System.Text;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Storage;
using EdgeCdn.Origin.Tagging;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Objects;

/// <summary>
/// What a write request may say about the object: the standard headers and x-amz-meta-* S3 stores (user metadata at
/// most 2 KB, counted as S3 counts it: UTF-8 bytes of names without the prefix plus values), the storage class, tags
/// (x-amz-tagging) and the website redirect. Object Lock, which this origin does not have, is refused with 501 rather
/// than silently ignored. ACL and encryption headers are read by their own features.
/// </summary>
internal static class ObjectHeaderRules
{
    public const int MaxUserMetadataBytes = 2048;
    private const string MetaPrefix = "x-amz-meta-";

    private static readonly HashSet<string> StorageClasses = new(StringComparer.Ordinal)
    {
        "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR",
        "OUTPOSTS", "SNOW", "EXPRESS_ONEZONE",
    };

    public static bool IsStorageClass(string value) => StorageClasses.Contains(value);

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

        var storageClass = ParseStorageClass(headers["x-amz-storage-class"].ToString()) ?? "STANDARD";
        var tagging = headers["x-amz-tagging"].ToString();
        return new ObjectMetadata(
            new ObjectHeaders(
                NullIfEmpty(headers.ContentType.ToString()),
                StripAwsChunked(headers.ContentEncoding.ToString()),
                NullIfEmpty(headers.ContentDisposition.ToString()),
                NullIfEmpty(headers.ContentLanguage.ToString()),
                NullIfEmpty(headers.CacheControl.ToString()),
                NullIfEmpty(headers.Expires.ToString())),
            meta,
            storageClass,
            tagging.Length > 0 ? TagSet.FromHeader(tagging) : null,
            WebsiteRedirect(headers));
    }

    /// <summary>x-amz-storage-class: null when absent; InvalidStorageClass for names S3 does not have.</summary>
    public static string? ParseStorageClass(string value) =>
        value.Length == 0 ? null : StorageClasses.Contains(value) ? value : throw new S3Exception(S3ErrorCatalog.InvalidStorageClass);

    /// <summary>x-amz-website-redirect-location: a path in the bucket or an absolute http(s) URL, at most 2 KB.</summary>
    public static string? WebsiteRedirect(IHeaderDictionary headers)
    {
        var value = headers["x-amz-website-redirect-location"].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        if (!(value.StartsWith('/') || value.StartsWith("http://", StringComparison.Ordinal) || value.StartsWith("https://", StringComparison.Ordinal)) ||
            Encoding.UTF8.GetByteCount(value) > 2048)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRedirectLocation);
        }

        return value;
    }

    public static void RejectUnsupported(IHeaderDictionary headers)
    {
        foreach (var name in headers.Keys)
        {
            if (name.StartsWith("x-amz-object-lock-", StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Exception(S3ErrorCatalog.NotImplemented, "Object Lock is not implemented by this server.");
            }
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
