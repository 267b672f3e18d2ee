using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Policies;
using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Buckets;

/// <summary>The bucket a request names, looked up after authentication and authorised for the caller.</summary>
internal static class BucketAccess
{
    /// <summary>The request's own bucket, authorised for the action its operation needs.</summary>
    public static BucketRecord Require(ObjectStore store, S3Context context) =>
        Require(store, context, context.Bucket, context.Request.Key, S3Actions.For(context.Request));

    public static BucketRecord Require(ObjectStore store, S3Context context, string bucketName, string? key, string action)
    {
        var bucket = Find(store, bucketName);
        context.Authorizer.Authorize(context, bucket, action, key);
        return bucket;
    }

    /// <summary>The bucket, or NoSuchBucket.</summary>
    public static BucketRecord Find(ObjectStore store, string bucketName) =>
        store.FindBucket(bucketName) ?? throw new S3Exception(S3ErrorCatalog.NoSuchBucket, null, S3Exception.Detail("BucketName", bucketName));
}
