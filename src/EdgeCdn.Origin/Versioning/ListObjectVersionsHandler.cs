using System.Xml;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Objects;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Versioning;

/// <summary>ListObjectVersions (GET ?versions): prefix, delimiter, key-marker / version-id-marker pagination,
/// max-keys, encoding-type.</summary>
internal sealed class ListObjectVersionsHandler
{
    private const int MaxKeysLimit = 1000;
    private readonly ObjectStore _store;

    public ListObjectVersionsHandler(ObjectStore store)
    {
        _store = store;
    }

    public Task ListAsync(S3Context context)
    {
        BucketAccess.Require(_store, context);
        var query = context.Request.Query;
        var prefix = query.Get("prefix") ?? string.Empty;
        var delimiter = query.Get("delimiter");
        var keyMarker = query.Get("key-marker");
        var versionIdMarker = query.Get("version-id-marker");
        if (!string.IsNullOrEmpty(versionIdMarker) && string.IsNullOrEmpty(keyMarker))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument, "A version-id marker cannot be specified without a key marker.",
                S3Exception.Detail("ArgumentName", "version-id-marker"), S3Exception.Detail("ArgumentValue", versionIdMarker));
        }

        var maxKeys = ListingParameters.ParseMax(query.Get("max-keys"), "max-keys", MaxKeysLimit);
        var url = ListingParameters.ParseEncodingType(query.Get("encoding-type"));
        var listing = _store.ListVersions(context.Bucket, prefix, delimiter, keyMarker, versionIdMarker, maxKeys);
        string Encode(string value) => url ? ListingParameters.UrlEncode(value) : value;
        return XmlResponse.WriteAsync(context.Response, "ListVersionsResult", w =>
        {
            XmlResponse.Element(w, "Name", context.Bucket);
            XmlResponse.Element(w, "Prefix", Encode(prefix));
            XmlResponse.Element(w, "KeyMarker", Encode(keyMarker ?? string.Empty));
            XmlResponse.Element(w, "VersionIdMarker", versionIdMarker ?? string.Empty);
            if (listing.IsTruncated)
            {
                XmlResponse.Element(w, "NextKeyMarker", Encode(listing.NextKeyMarker ?? string.Empty));
                if (listing.NextVersionIdMarker is { } nextVersion)
                {
                    XmlResponse.Element(w, "NextVersionIdMarker", nextVersion);
                }
            }

            XmlResponse.Element(w, "MaxKeys", maxKeys);
            if (!string.IsNullOrEmpty(delimiter))
            {
                XmlResponse.Element(w, "Delimiter", Encode(delimiter));
            }

            XmlResponse.Element(w, "IsTruncated", listing.IsTruncated);
            if (url)
            {
                XmlResponse.Element(w, "EncodingType", "url");
            }

            foreach (var version in listing.Versions)
            {
                WriteVersion(w, version, Encode);
            }

            foreach (var common in listing.CommonPrefixes)
            {
                w.WriteStartElement("CommonPrefixes");
                XmlResponse.Element(w, "Prefix", Encode(common));
                w.WriteEndElement();
            }
        });
    }

    private static void WriteVersion(XmlWriter w, VersionSummary version, Func<string, string> encode)
    {
        w.WriteStartElement(version.IsDeleteMarker ? "DeleteMarker" : "Version");
        XmlResponse.Element(w, "Key", encode(version.Key));
        XmlResponse.Element(w, "VersionId", version.VersionId);
        XmlResponse.Element(w, "IsLatest", version.IsLatest);
        XmlResponse.Element(w, "LastModified", version.LastModified);
        if (!version.IsDeleteMarker)
        {
            XmlResponse.Element(w, "ETag", "\"" + version.ETag + "\"");
            if (version.ChecksumAlgorithm is { } algorithm)
            {
                XmlResponse.Element(w, "ChecksumAlgorithm", algorithm);
                XmlResponse.Element(w, "ChecksumType", version.ChecksumType);
            }

            XmlResponse.Element(w, "Size", version.Size);
            XmlResponse.Element(w, "StorageClass", version.StorageClass);
        }

        w.WriteStartElement("Owner");
        XmlResponse.Element(w, "ID", OriginPrincipal.CanonicalIdOf(version.Owner));
        XmlResponse.Element(w, "DisplayName", version.Owner);
        w.WriteEndElement();
        w.WriteEndElement();
    }
}
