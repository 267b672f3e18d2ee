namespace EdgeCdn.Origin.Routing;

/// <summary>The S3 operations this origin implements; anything else resolves to <see cref="NotImplemented"/>.</summary>
internal enum S3Operation
{
    NotImplemented,
    MethodNotAllowed,
    ListBuckets,
    CreateBucket,
    HeadBucket,
    DeleteBucket,
    GetBucketLocation,
    ListObjects,
    ListObjectsV2,
    PutObject,
    GetObject,
    HeadObject,
    DeleteObject,
    DeleteObjects,
    CopyObject,
    CreateMultipartUpload,
    UploadPart,
    UploadPartCopy,
    CompleteMultipartUpload,
    AbortMultipartUpload,
    ListParts,
    ListMultipartUploads,
}
