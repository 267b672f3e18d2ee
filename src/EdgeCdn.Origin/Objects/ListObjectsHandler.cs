using System.Xml;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Objects;

/// <summary>ListObjectsV2 (continuation-token, start-after, fetch-owner) and ListObjects v1 (marker, NextMarker).</summary>
internal sealed class ListObjectsHandler
{
    private const int MaxKeysLimit = 1000;
    private readonly ObjectStore _store;

    public ListObjectsHandler(ObjectStore store)
    {
        _store = store;
    }

    public Task ListV2Async(S3Context context)
    {
        BucketAccess.Require(_store, context);
        var query = context.Request.Query;
        var prefix = query.Get("prefix") ?? string.Empty;
        var delimiter = query.Get("delimiter");
        var maxKeys = ListingParameters.ParseMax(query.Get("max-keys"), "max-keys", MaxKeysLimit);
        var url = ListingParameters.ParseEncodingType(query.Get("encoding-type"));
        var token = query.Get("continuation-token");
        var startAfter = query.Get("start-after");
        var fetchOwner = string.Equals(query.Get("fetch-owner"), "true", StringComparison.OrdinalIgnoreCase);
        var after = token is not null ? ListingParameters.DecodeToken(token) : startAfter;
        var listing = _store.ListObjects(context.Bucket, prefix, delimiter, after, maxKeys);
        return XmlResponse.WriteAsync(context.Response, "ListBucketResult", w =>
        {
            XmlResponse.Element(w, "Name", context.Bucket);
            XmlResponse.Element(w, "Prefix", Encode(prefix, url));
            if (!string.IsNullOrEmpty(delimiter))
            {
                XmlResponse.Element(w, "Delimiter", Encode(delimiter, url));
            }

            XmlResponse.Element(w, "MaxKeys", maxKeys);
            if (url)
            {
                XmlResponse.Element(w, "EncodingType", "url");
            }

            XmlResponse.Element(w, "KeyCount", listing.Objects.Count + listing.CommonPrefixes.Count);
            XmlResponse.Element(w, "IsTruncated", listing.IsTruncated);
            if (token is not null)
            {
                XmlResponse.Element(w, "ContinuationToken", token);
            }

            if (listing.NextMarker is { } next)
            {
                XmlResponse.Element(w, "NextContinuationToken", ListingParameters.EncodeToken(next));
            }

            if (startAfter is not null)
            {
                XmlResponse.Element(w, "StartAfter", Encode(startAfter, url));
            }

            WriteEntries(w, listing, url, fetchOwner);
        });
    }

    public Task ListV1Async(S3Context context)
    {
        BucketAccess.Require(_store, context);
        var query = context.Request.Query;
        var prefix = query.Get("prefix") ?? string.Empty;
        var delimiter = query.Get("delimiter");
        var marker = query.Get("marker") ?? string.Empty;
        var maxKeys = ListingParameters.ParseMax(query.Get("max-keys"), "max-keys", MaxKeysLimit);
        var url = ListingParameters.ParseEncodingType(query.Get("encoding-type"));
        var listing = _store.ListObjects(context.Bucket, prefix, delimiter, marker, maxKeys);
        return XmlResponse.WriteAsync(context.Response, "ListBucketResult", w =>
        {
            XmlResponse.Element(w, "Name", context.Bucket);
            XmlResponse.Element(w, "Prefix", Encode(prefix, url));
            XmlResponse.Element(w, "Marker", Encode(marker, url));
            // As in S3, NextMarker only comes with a delimiter; without one, clients continue from the last key.
            if (listing.NextMarker is { } next && !string.IsNullOrEmpty(delimiter))
            {
                XmlResponse.Element(w, "NextMarker", Encode(next, url));
            }

            XmlResponse.Element(w, "MaxKeys", maxKeys);
            if (!string.IsNullOrEmpty(delimiter))
            {
                XmlResponse.Element(w, "Delimiter", Encode(delimiter, url));
            }

            XmlResponse.Element(w, "IsTruncated", listing.IsTruncated);
            if (url)
            {
                XmlResponse.Element(w, "EncodingType", "url");
            }

            WriteEntries(w, listing, url, fetchOwner: true);
        });
    }

    private static void WriteEntries(XmlWriter w, ObjectListing listing, bool url, bool fetchOwner)
    {
        foreach (var o in listing.Objects)
        {
            w.WriteStartElement("Contents");
            XmlResponse.Element(w, "Key", Encode(o.Key, url));
            XmlResponse.Element(w, "LastModified", o.LastModified);
            XmlResponse.Element(w, "ETag", "\"" + o.ETag + "\"");
            if (o.ChecksumAlgorithm is { } algorithm)
            {
                XmlResponse.Element(w, "ChecksumAlgorithm", algorithm);
                XmlResponse.Element(w, "ChecksumType", o.ChecksumType);
            }

            XmlResponse.Element(w, "Size", o.Size);
            if (fetchOwner)
            {
                w.WriteStartElement("Owner");
                XmlResponse.Element(w, "ID", OriginPrincipal.CanonicalIdOf(o.Owner));
                XmlResponse.Element(w, "DisplayName", o.Owner);
                w.WriteEndElement();
            }

            XmlResponse.Element(w, "StorageClass", o.StorageClass);
            w.WriteEndElement();
        }

        foreach (var prefix in listing.CommonPrefixes)
        {
            w.WriteStartElement("CommonPrefixes");
            XmlResponse.Element(w, "Prefix", Encode(prefix, url));
            w.WriteEndElement();
        }
    }

    private static string Encode(string value, bool url) => url ? ListingParameters.UrlEncode(value) : value;
}
