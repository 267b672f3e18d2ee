using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Buckets;

/// <summary>The bucket a request names, looked up after authentication and authorised for the caller.</summary>
internal static class BucketAccess
{
    public static BucketRecord Require(ObjectStore store, S3Context context) => Require(store, context, context.Bucket, context.Request.Key);

    public static BucketRecord Require(ObjectStore store, S3Context context, string bucketName, string? key)
    {
        var bucket = store.FindBucket(bucketName)
            ?? throw new S3Exception(S3ErrorCatalog.NoSuchBucket, null, S3Exception.Detail("BucketName", bucketName));
        AccessPolicy.AuthorizeBucket(context.Principal, context.Request.Operation, bucket, key);
        return bucket;
    }
}
