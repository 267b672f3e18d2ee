using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Routing;

namespace EdgeCdn.Origin.Objects;

/// <summary>x-amz-copy-source: "[/]bucket/key[?versionId=...]", URL-encoded.</summary>
internal sealed record CopySource(string Bucket, string Key, string? VersionId)
{
    public static CopySource Parse(string header)
    {
        var value = header.Trim();
        string? versionId = null;
        var q = value.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            var query = QueryParameters.Parse(value[(q + 1)..]);
            versionId = query.Get("versionId");
            value = value[..q];
        }

        // S3 accepts "bucket/key" with the slash as is or encoded (%2F): decode first, then split.
        var decoded = S3RequestParser.DecodeUtf8(value);
        if (decoded.StartsWith('/'))
        {
            decoded = decoded[1..];
        }

        var slash = decoded.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == decoded.Length - 1)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                S3Exception.Detail("ArgumentName", "x-amz-copy-source"), S3Exception.Detail("ArgumentValue", header));
        }

        if (versionId is not null)
        {
            Versioning.VersionIds.Check(versionId);
        }

        var bucket = decoded[..slash];
        var key = decoded[(slash + 1)..];
        S3RequestParser.CheckKey(key);
        return new CopySource(bucket, key, versionId);
    }
}
