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

namespace EdgeCdn.Origin.Pipeline;

/// <summary>Hands a parsed, authenticated request to the handler of its operation.</summary>
internal sealed class S3Dispatcher
{
    private readonly BucketHandler _buckets;
    private readonly ObjectHandler _objects;
    private readonly ListObjectsHandler _listing;
    private readonly DeleteObjectsHandler _deleteObjects;
    private readonly MultipartHandler _multipart;
    private readonly VersioningHandler _versioningHandler;
    private readonly ListObjectVersionsHandler _listObjectVersionsHandler;
    private readonly BucketPolicyHandler _bucketPolicyHandler;
    private readonly PublicAccessBlockHandler _publicAccessBlockHandler;
    private readonly AclHandler _aclHandler;
    private readonly OwnershipControlsHandler _ownershipControlsHandler;
    private readonly BucketEncryptionHandler _bucketEncryptionHandler;
    private readonly LifecycleHandler _lifecycleHandler;
    private readonly WebsiteConfigurationHandler _websiteConfigurationHandler;
    private readonly CorsHandler _corsHandler;
    private readonly TaggingHandler _taggingHandler;
    private readonly RestoreHandler _restoreHandler;

    public S3Dispatcher(
        BucketHandler buckets, ObjectHandler objects, ListObjectsHandler listing, DeleteObjectsHandler deleteObjects, MultipartHandler multipart,
        VersioningHandler versioning, ListObjectVersionsHandler versions, BucketPolicyHandler policies, PublicAccessBlockHandler publicAccessBlock,
        AclHandler acls, OwnershipControlsHandler ownership, BucketEncryptionHandler encryption, LifecycleHandler lifecycle,
        WebsiteConfigurationHandler website, CorsHandler cors, TaggingHandler tagging, RestoreHandler restore)
    {
        _buckets = buckets;
        _objects = objects;
        _listing = listing;
        _deleteObjects = deleteObjects;
        _multipart = multipart;
        _versioningHandler = versioning;
        _listObjectVersionsHandler = versions;
        _bucketPolicyHandler = policies;
        _publicAccessBlockHandler = publicAccessBlock;
        _aclHandler = acls;
        _ownershipControlsHandler = ownership;
        _bucketEncryptionHandler = encryption;
        _lifecycleHandler = lifecycle;
        _websiteConfigurationHandler = website;
        _corsHandler = cors;
        _taggingHandler = tagging;
        _restoreHandler = restore;
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
        S3Operation.GetBucketVersioning => _versioningHandler.GetAsync(context),
        S3Operation.PutBucketVersioning => _versioningHandler.PutAsync(context),
        S3Operation.ListObjectVersions => _listObjectVersionsHandler.ListAsync(context),
        S3Operation.GetBucketPolicy => _bucketPolicyHandler.GetAsync(context),
        S3Operation.PutBucketPolicy => _bucketPolicyHandler.PutAsync(context),
        S3Operation.DeleteBucketPolicy => _bucketPolicyHandler.DeleteAsync(context),
        S3Operation.GetBucketPolicyStatus => _bucketPolicyHandler.GetStatusAsync(context),
        S3Operation.GetPublicAccessBlock => _publicAccessBlockHandler.GetAsync(context),
        S3Operation.PutPublicAccessBlock => _publicAccessBlockHandler.PutAsync(context),
        S3Operation.DeletePublicAccessBlock => _publicAccessBlockHandler.DeleteAsync(context),
        S3Operation.GetBucketAcl => _aclHandler.GetBucketAclAsync(context),
        S3Operation.PutBucketAcl => _aclHandler.PutBucketAclAsync(context),
        S3Operation.GetObjectAcl => _aclHandler.GetObjectAclAsync(context),
        S3Operation.PutObjectAcl => _aclHandler.PutObjectAclAsync(context),
        S3Operation.GetBucketOwnershipControls => _ownershipControlsHandler.GetAsync(context),
        S3Operation.PutBucketOwnershipControls => _ownershipControlsHandler.PutAsync(context),
        S3Operation.DeleteBucketOwnershipControls => _ownershipControlsHandler.DeleteAsync(context),
        S3Operation.GetBucketEncryption => _bucketEncryptionHandler.GetAsync(context),
        S3Operation.PutBucketEncryption => _bucketEncryptionHandler.PutAsync(context),
        S3Operation.DeleteBucketEncryption => _bucketEncryptionHandler.DeleteAsync(context),
        S3Operation.GetBucketLifecycleConfiguration => _lifecycleHandler.GetAsync(context),
        S3Operation.PutBucketLifecycleConfiguration => _lifecycleHandler.PutAsync(context),
        S3Operation.DeleteBucketLifecycle => _lifecycleHandler.DeleteAsync(context),
        S3Operation.GetBucketWebsite => _websiteConfigurationHandler.GetAsync(context),
        S3Operation.PutBucketWebsite => _websiteConfigurationHandler.PutAsync(context),
        S3Operation.DeleteBucketWebsite => _websiteConfigurationHandler.DeleteAsync(context),
        S3Operation.GetBucketCors => _corsHandler.GetAsync(context),
        S3Operation.PutBucketCors => _corsHandler.PutAsync(context),
        S3Operation.DeleteBucketCors => _corsHandler.DeleteAsync(context),
        S3Operation.CorsPreflight => _corsHandler.PreflightAsync(context),
        S3Operation.GetBucketTagging => _taggingHandler.GetBucketTaggingAsync(context),
        S3Operation.PutBucketTagging => _taggingHandler.PutBucketTaggingAsync(context),
        S3Operation.DeleteBucketTagging => _taggingHandler.DeleteBucketTaggingAsync(context),
        S3Operation.GetObjectTagging => _taggingHandler.GetObjectTaggingAsync(context),
        S3Operation.PutObjectTagging => _taggingHandler.PutObjectTaggingAsync(context),
        S3Operation.DeleteObjectTagging => _taggingHandler.DeleteObjectTaggingAsync(context),
        S3Operation.RestoreObject => _restoreHandler.RestoreAsync(context),
        _ => throw new InvalidOperationException($"No handler for {context.Request.Operation}."),
    };
}
