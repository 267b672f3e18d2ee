using System.Globalization;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Objects;

/// <summary>The headers GET and HEAD return for an object, with the response-* query overrides applied.</summary>
internal static class ObjectResponseHeaders
{
    public const string DefaultContentType = "binary/octet-stream";

    public static void WriteValidators(HttpResponse response, ObjectRecord obj)
    {
        response.Headers.ETag = obj.QuotedETag;
        response.Headers.LastModified = obj.LastModified.ToString("r", CultureInfo.InvariantCulture);
    }

    public static void Write(HttpResponse response, ObjectRecord obj, Routing.QueryParameters query)
    {
        var headers = response.Headers;
        WriteValidators(response, obj);
        headers.AcceptRanges = "bytes";
        var stored = obj.Metadata.Headers;
        headers.ContentType = query.Get("response-content-type") ?? stored.ContentType ?? DefaultContentType;
        Set(headers, "Content-Encoding", query.Get("response-content-encoding") ?? stored.ContentEncoding);
        Set(headers, "Content-Disposition", query.Get("response-content-disposition") ?? stored.ContentDisposition);
        Set(headers, "Content-Language", query.Get("response-content-language") ?? stored.ContentLanguage);
        Set(headers, "Cache-Control", query.Get("response-cache-control") ?? stored.CacheControl);
        Set(headers, "Expires", query.Get("response-expires") ?? stored.Expires);
        foreach (var (name, value) in obj.Metadata.UserMetadata)
        {
            headers["x-amz-meta-" + name] = value;
        }

        if (obj.Metadata.StorageClass != "STANDARD")
        {
            headers["x-amz-storage-class"] = obj.Metadata.StorageClass;
        }

        if (obj.Metadata.TagSet.Count > 0)
        {
            headers["x-amz-tagging-count"] = obj.Metadata.TagSet.Count.ToString(CultureInfo.InvariantCulture);
        }

        if (obj.Metadata.WebsiteRedirect is { } redirect)
        {
            headers["x-amz-website-redirect-location"] = redirect;
        }
    }

    /// <summary>x-amz-version-id, as S3 sends it: in buckets that have (or had) versioning on, "null" included.</summary>
    public static void WriteVersion(HttpResponse response, string? versionId, BucketRecord bucket)
    {
        if (versionId is not null && (bucket.Versioning != BucketRecord.Unversioned || versionId != ObjectRecord.NullVersion))
        {
            response.Headers["x-amz-version-id"] = versionId;
        }
    }

    public static void WriteChecksum(HttpResponse response, Core.Checksums.ChecksumAlgorithm algorithm, string value, string type)
    {
        response.Headers[Core.Checksums.PayloadChecksum.HeaderNameOf(algorithm)] = value;
        response.Headers["x-amz-checksum-type"] = type;
    }

    private static void Set(IHeaderDictionary headers, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            headers[name] = value;
        }
    }
}
