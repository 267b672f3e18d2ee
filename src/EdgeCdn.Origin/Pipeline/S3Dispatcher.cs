using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Multipart;
using EdgeCdn.Origin.Objects;
using EdgeCdn.Origin.Routing;

namespace EdgeCdn.Origin.Pipeline;

/// <summary>Hands a parsed, authenticated request to the handler of its operation.</summary>
internal sealed class S3Dispatcher
{
    private readonly BucketHandler _buckets;
    private readonly ObjectHandler _objects;
    private readonly ListObjectsHandler _listing;
    private readonly DeleteObjectsHandler _deleteObjects;
    private readonly MultipartHandler _multipart;

    public S3Dispatcher(BucketHandler buckets, ObjectHandler objects, ListObjectsHandler listing, DeleteObjectsHandler deleteObjects, MultipartHandler multipart)
    {
        _buckets = buckets;
        _objects = objects;
        _listing = listing;
        _deleteObjects = deleteObjects;
        _multipart = multipart;
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
        _ => throw new InvalidOperationException($"No handler for {context.Request.Operation}."),
    };
}
