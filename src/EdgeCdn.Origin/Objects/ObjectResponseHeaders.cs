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
