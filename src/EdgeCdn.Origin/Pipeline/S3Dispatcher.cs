using EdgeCdn.Origin.Acls;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Cors;
using EdgeCdn.Origin.Encryption;
using EdgeCdn.Origin.Lifecycle;
using EdgeCdn.Origin.Multipart;
using EdgeCdn.Origin.Objects;
using EdgeCdn.Origin.Policies;
using EdgeCdn.Origin.Restore;
using EdgeCdn.Origin.Routing;
using EdgeCdn.Origin.Tagging;
using EdgeCdn.Origin.Versioning;
using EdgeCdn.Origin.Website;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCdn.Origin.Pipeline;

/// <summary>Hands a parsed, authenticated request to the handler of its operation.</summary>
internal sealed class S3Dispatcher
{
    private readonly BucketHandler _buckets;
    private readonly ObjectHandler _objects;
    private readonly ListObjectsHandler _listing;
    private readonly DeleteObjectsHandler _deleteObjects;
    private readonly MultipartHandler _multipart;
    private readonly IServiceProvider _services;

    public S3Dispatcher(
        BucketHandler buckets, ObjectHandler objects, ListObjectsHandler listing, DeleteObjectsHandler deleteObjects, MultipartHandler multipart,
        IServiceProvider services)
    {
        _buckets = buckets;
        _objects = objects;
        _listing = listing;
        _deleteObjects = deleteObjects;
        _multipart = multipart;
        _services = services;
    }

    public Task DispatchAsync(S3Context context) => context.Request.Operation switch
    {
        S3Operation.ListBuckets => _buckets.ListBucketsAsync(context),
        S3Operation.CreateBucket => _buckets.CreateBucketAsync(context),
        S3Operation.HeadBucket => _buckets.HeadBucketAsync(context),
        S3Operation.DeleteBucket => _buckets.DeleteBucketAsync(context),
        S3Operation.GetBucketLocation => _buckets.GetBucketLocationAsync(context),
        S3Operation.ListObjects => _listing.ListV1Async(context),
        S3Operation.ListObjectsV2 => _listing.ListV2Async(context),
        S3Operation.PutObject => _objects.PutObjectAsync(context),
        S3Operation.GetObject => _objects.GetObjectAsync(context, head: false),
        S3Operation.HeadObject => _objects.GetObjectAsync(context, head: true),
        S3Operation.DeleteObject => _objects.DeleteObjectAsync(context),
        S3Operation.DeleteObjects => _deleteObjects.HandleAsync(context),
        S3Operation.CopyObject => _objects.CopyObjectAsync(context),
        S3Operation.CreateMultipartUpload => _multipart.CreateAsync(context),
        S3Operation.UploadPart => _multipart.UploadPartAsync(context),
        S3Operation.UploadPartCopy => _multipart.UploadPartCopyAsync(context),
        S3Operation.CompleteMultipartUpload => _multipart.CompleteAsync(context),
        S3Operation.AbortMultipartUpload => _multipart.AbortAsync(context),
        S3Operation.ListParts => _multipart.ListPartsAsync(context),
        S3Operation.ListMultipartUploads => _multipart.ListUploadsAsync(context),
        S3Operation.GetBucketVersioning => Get<VersioningHandler>().GetAsync(context),
        S3Operation.PutBucketVersioning => Get<VersioningHandler>().PutAsync(context),
        S3Operation.ListObjectVersions => Get<ListObjectVersionsHandler>().ListAsync(context),
        S3Operation.GetBucketPolicy => Get<BucketPolicyHandler>().GetAsync(context),
        S3Operation.PutBucketPolicy => Get<BucketPolicyHandler>().PutAsync(context),
        S3Operation.DeleteBucketPolicy => Get<BucketPolicyHandler>().DeleteAsync(context),
        S3Operation.GetBucketPolicyStatus => Get<BucketPolicyHandler>().GetStatusAsync(context),
        S3Operation.GetPublicAccessBlock => Get<PublicAccessBlockHandler>().GetAsync(context),
        S3Operation.PutPublicAccessBlock => Get<PublicAccessBlockHandler>().PutAsync(context),
        S3Operation.DeletePublicAccessBlock => Get<PublicAccessBlockHandler>().DeleteAsync(context),
        S3Operation.GetBucketAcl => Get<AclHandler>().GetBucketAclAsync(context),
        S3Operation.PutBucketAcl => Get<AclHandler>().PutBucketAclAsync(context),
        S3Operation.GetObjectAcl => Get<AclHandler>().GetObjectAclAsync(context),
        S3Operation.PutObjectAcl => Get<AclHandler>().PutObjectAclAsync(context),
        S3Operation.GetBucketOwnershipControls => Get<OwnershipControlsHandler>().GetAsync(context),
        S3Operation.PutBucketOwnershipControls => Get<OwnershipControlsHandler>().PutAsync(context),
        S3Operation.DeleteBucketOwnershipControls => Get<OwnershipControlsHandler>().DeleteAsync(context),
        S3Operation.GetBucketEncryption => Get<BucketEncryptionHandler>().GetAsync(context),
        S3Operation.PutBucketEncryption => Get<BucketEncryptionHandler>().PutAsync(context),
        S3Operation.DeleteBucketEncryption => Get<BucketEncryptionHandler>().DeleteAsync(context),
        S3Operation.GetBucketLifecycleConfiguration => Get<LifecycleHandler>().GetAsync(context),
        S3Operation.PutBucketLifecycleConfiguration => Get<LifecycleHandler>().PutAsync(context),
        S3Operation.DeleteBucketLifecycle => Get<LifecycleHandler>().DeleteAsync(context),
        S3Operation.GetBucketWebsite => Get<WebsiteConfigurationHandler>().GetAsync(context),
        S3Operation.PutBucketWebsite => Get<WebsiteConfigurationHandler>().PutAsync(context),
        S3Operation.DeleteBucketWebsite => Get<WebsiteConfigurationHandler>().DeleteAsync(context),
        S3Operation.GetBucketCors => Get<CorsHandler>().GetAsync(context),
        S3Operation.PutBucketCors => Get<CorsHandler>().PutAsync(context),
        S3Operation.DeleteBucketCors => Get<CorsHandler>().DeleteAsync(context),
        S3Operation.CorsPreflight => Get<CorsHandler>().PreflightAsync(context),
        S3Operation.GetBucketTagging => Get<TaggingHandler>().GetBucketTaggingAsync(context),
        S3Operation.PutBucketTagging => Get<TaggingHandler>().PutBucketTaggingAsync(context),
        S3Operation.DeleteBucketTagging => Get<TaggingHandler>().DeleteBucketTaggingAsync(context),
        S3Operation.GetObjectTagging => Get<TaggingHandler>().GetObjectTaggingAsync(context),
        S3Operation.PutObjectTagging => Get<TaggingHandler>().PutObjectTaggingAsync(context),
        S3Operation.DeleteObjectTagging => Get<TaggingHandler>().DeleteObjectTaggingAsync(context),
        S3Operation.RestoreObject => Get<RestoreHandler>().RestoreAsync(context),
        _ => throw new InvalidOperationException($"No handler for {context.Request.Operation}."),
    };

    private T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();
}
