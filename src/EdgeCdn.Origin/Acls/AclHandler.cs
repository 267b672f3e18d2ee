using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Objects;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Acls;

/// <summary>GetBucketAcl, PutBucketAcl, GetObjectAcl, PutObjectAcl. With ACLs disabled (BucketOwnerEnforced) reads
/// show the owner's FULL_CONTROL only and writes other than owner-only grants fail with AccessControlListNotSupported.</summary>
internal sealed class AclHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;

    public AclHandler(ObjectStore store, IOptions<OriginOptions> options)
    {
        _store = store;
        _options = options.Value;
    }

    public Task GetBucketAclAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var acl = AccessControlList.Parse(bucket.Settings.Get(BucketSettings.Acl));
        return XmlResponse.WriteAsync(context.Response, "AccessControlPolicy", w => AclRequest.WritePolicy(w, bucket.Owner, acl, ObjectOwnership.AclsEnabled(bucket)));
    }

    public async Task PutBucketAclAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var acl = await ReadAclAsync(context, bucket, forObject: false).ConfigureAwait(false);
        await _store.PutBucketSettingAsync(bucket.Name, BucketSettings.Acl, acl.Serialize(), context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    public Task GetObjectAclAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var versionId = context.VersionId;
        var obj = _store.FindObject(context.Bucket, context.Key, versionId) ?? throw context.Authorizer.Missing(context, bucket, context.Key, versionId);
        if (obj.IsDeleteMarker)
        {
            throw ObjectHandler.DeleteMarkerAnswer(context, bucket, obj, versionId);
        }

        context.Authorizer.AuthorizeObject(context, bucket, obj);
        ObjectResponseHeaders.WriteVersion(context.Response, obj.VersionId, bucket);
        var acl = AccessControlList.Parse(obj.Acl);
        return XmlResponse.WriteAsync(context.Response, "AccessControlPolicy", w => AclRequest.WritePolicy(w, obj.Owner, acl, ObjectOwnership.AclsEnabled(bucket)));
    }

    public async Task PutObjectAclAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var versionId = context.VersionId;
        var acl = await ReadAclAsync(context, bucket, forObject: true).ConfigureAwait(false);
        var existing = _store.FindObject(context.Bucket, context.Key, versionId) ?? throw context.Authorizer.Missing(context, bucket, context.Key, versionId);
        if (existing.IsDeleteMarker)
        {
            throw ObjectHandler.DeleteMarkerAnswer(context, bucket, existing, versionId);
        }

        context.Authorizer.AuthorizeObject(context, bucket, existing);
        var changed = await _store.UpdateObjectAsync(context.Bucket, context.Key, versionId, o => o with { Acl = acl.Serialize() }, context.Aborted)
            .ConfigureAwait(false);
        ObjectResponseHeaders.WriteVersion(context.Response, changed.VersionId, bucket);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    private async Task<AccessControlList> ReadAclAsync(S3Context context, BucketRecord bucket, bool forObject)
    {
        var ownerId = OriginPrincipal.CanonicalIdOf(bucket.Owner);
        var fromHeaders = AclRequest.FromHeaders(context.HttpRequest.Headers, ownerId, forObject);
        var body = await RequestBody.ReadSmallAsync(context, _options.MaxXmlBodyBytes).ConfigureAwait(false);
        var hasBody = body.Any(b => !char.IsWhiteSpace((char)b));
        if (fromHeaders is not null && hasBody)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest, "Specifying both an ACL document and ACL headers is not allowed");
        }

        var acl = fromHeaders ?? (hasBody ? AclRequest.FromXml(body) : throw new S3Exception(S3ErrorCatalog.MalformedXML));
        AclRequest.Check(bucket, acl, ownerId);
        return acl;
    }
}
