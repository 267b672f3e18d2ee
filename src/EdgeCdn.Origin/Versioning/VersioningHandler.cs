using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Versioning;

/// <summary>GetBucketVersioning and PutBucketVersioning: Unversioned → Enabled ↔ Suspended, never back to Unversioned.</summary>
internal sealed class VersioningHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;

    public VersioningHandler(ObjectStore store, IOptions<OriginOptions> options)
    {
        _store = store;
        _options = options.Value;
    }

    public Task GetAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        return XmlResponse.WriteAsync(context.Response, "VersioningConfiguration", w =>
        {
            if (bucket.Versioning != BucketRecord.Unversioned)
            {
                XmlResponse.Element(w, "Status", bucket.Versioning);
                XmlResponse.Element(w, "MfaDelete", "Disabled");
            }
        });
    }

    public async Task PutAsync(S3Context context)
    {
        BucketAccess.Require(_store, context);
        var body = await RequestBody.ReadSmallAsync(context, _options.MaxXmlBodyBytes).ConfigureAwait(false);
        var root = RequestXml.Parse(body, "VersioningConfiguration");
        var status = RequestXml.Value(root, "Status")?.Trim();
        if (RequestXml.Value(root, "MfaDelete")?.Trim() is { } mfa && mfa != "Disabled")
        {
            throw mfa == "Enabled"
                ? new S3Exception(S3ErrorCatalog.NotImplemented, "MFA Delete is not implemented by this server.")
                : new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        switch (status)
        {
            case BucketRecord.VersioningEnabled or BucketRecord.VersioningSuspended:
                await _store.SetVersioningAsync(context.Bucket, status, context.Aborted).ConfigureAwait(false);
                break;
            case null:
                throw new S3Exception(S3ErrorCatalog.IllegalVersioningConfigurationException);
            default:
                throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }
}
