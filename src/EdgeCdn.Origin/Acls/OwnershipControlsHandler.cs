using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Acls;

/// <summary>GetBucketOwnershipControls, PutBucketOwnershipControls, DeleteBucketOwnershipControls.</summary>
internal sealed class OwnershipControlsHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;

    public OwnershipControlsHandler(ObjectStore store, IOptions<OriginOptions> options)
    {
        _store = store;
        _options = options.Value;
    }

    public Task GetAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var ownership = bucket.Settings.Get(BucketSettings.OwnershipControls)
            ?? throw new S3Exception(S3ErrorCatalog.OwnershipControlsNotFoundError, null, S3Exception.Detail("BucketName", bucket.Name));
        return XmlResponse.WriteAsync(context.Response, "OwnershipControls", w =>
        {
            w.WriteStartElement("Rule");
            XmlResponse.Element(w, "ObjectOwnership", ownership);
            w.WriteEndElement();
        });
    }

    public Task PutAsync(S3Context context) =>
        BucketSettingDocument.PutAsync(_store, context, _options, BucketSettings.OwnershipControls, Validate);

    public Task DeleteAsync(S3Context context) =>
        BucketSettingDocument.DeleteAsync(_store, context, BucketSettings.OwnershipControls);

    private static string Validate(byte[] body, BucketRecord bucket)
    {
        var root = RequestXml.Parse(body, "OwnershipControls");
        var rules = RequestXml.Children(root, "Rule").ToList();
        var ownership = rules.Count == 1 ? RequestXml.Value(rules[0], "ObjectOwnership")?.Trim() : null;
        if (ownership is null || !ObjectOwnership.IsValid(ownership))
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        if (ownership == ObjectOwnership.BucketOwnerEnforced &&
            !AccessControlList.Parse(bucket.Settings.Get(BucketSettings.Acl)).OnlyOwner(Auth.OriginPrincipal.CanonicalIdOf(bucket.Owner)))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidBucketAclWithObjectOwnership);
        }

        return ownership;
    }
}
