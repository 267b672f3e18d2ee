using System.Collections.Frozen;

namespace EdgeCdn.Origin.Routing;

/// <summary>
/// Maps method + addressing + query (+ x-amz-copy-source) to the S3 operation, the way S3 does: sub-resource query
/// parameters select bucket and object sub-APIs. Sub-resources that this origin does not implement resolve to
/// <see cref="S3Operation.NotImplemented"/> with the AWS operation name, so the 501 says exactly what is missing.
/// </summary>
internal static class OperationResolver
{
    // Bucket sub-resources by query parameter: the operation (and AWS name) for GET/HEAD, PUT and DELETE. Those this
    // origin does not implement resolve to NotImplemented with their AWS name.
    private static readonly FrozenDictionary<string, ((S3Operation Op, string Name) Get, (S3Operation Op, string Name) Put, (S3Operation Op, string Name) Delete)> BucketSubresources =
        new Dictionary<string, ((S3Operation, string), (S3Operation, string), (S3Operation, string))>(StringComparer.Ordinal)
        {
            ["acl"] = (Op(S3Operation.GetBucketAcl), Op(S3Operation.PutBucketAcl), Missing("DeleteBucketAcl")),
            ["policy"] = (Op(S3Operation.GetBucketPolicy), Op(S3Operation.PutBucketPolicy), Op(S3Operation.DeleteBucketPolicy)),
            ["policyStatus"] = (Op(S3Operation.GetBucketPolicyStatus), Missing("PutBucketPolicyStatus"), Missing("DeleteBucketPolicyStatus")),
            ["cors"] = (Op(S3Operation.GetBucketCors), Op(S3Operation.PutBucketCors), Op(S3Operation.DeleteBucketCors)),
            ["lifecycle"] = (Op(S3Operation.GetBucketLifecycleConfiguration), Op(S3Operation.PutBucketLifecycleConfiguration), Op(S3Operation.DeleteBucketLifecycle)),
            ["website"] = (Op(S3Operation.GetBucketWebsite), Op(S3Operation.PutBucketWebsite), Op(S3Operation.DeleteBucketWebsite)),
            ["versioning"] = (Op(S3Operation.GetBucketVersioning), Op(S3Operation.PutBucketVersioning), Missing("DeleteBucketVersioning")),
            ["versions"] = (Op(S3Operation.ListObjectVersions), Missing("PutObjectVersions"), Missing("DeleteObjectVersions")),
            ["tagging"] = (Op(S3Operation.GetBucketTagging), Op(S3Operation.PutBucketTagging), Op(S3Operation.DeleteBucketTagging)),
            ["encryption"] = (Op(S3Operation.GetBucketEncryption), Op(S3Operation.PutBucketEncryption), Op(S3Operation.DeleteBucketEncryption)),
            ["ownershipControls"] = (Op(S3Operation.GetBucketOwnershipControls), Op(S3Operation.PutBucketOwnershipControls), Op(S3Operation.DeleteBucketOwnershipControls)),
            ["publicAccessBlock"] = (Op(S3Operation.GetPublicAccessBlock), Op(S3Operation.PutPublicAccessBlock), Op(S3Operation.DeletePublicAccessBlock)),
            ["logging"] = Missing("GetBucketLogging", "PutBucketLogging", "DeleteBucketLogging"),
            ["notification"] = Missing("GetBucketNotificationConfiguration", "PutBucketNotificationConfiguration", "DeleteBucketNotification"),
            ["replication"] = Missing("GetBucketReplication", "PutBucketReplication", "DeleteBucketReplication"),
            ["requestPayment"] = Missing("GetBucketRequestPayment", "PutBucketRequestPayment", "DeleteBucketRequestPayment"),
            ["accelerate"] = Missing("GetBucketAccelerateConfiguration", "PutBucketAccelerateConfiguration", "DeleteBucketAccelerateConfiguration"),
            ["analytics"] = Missing("GetBucketAnalyticsConfiguration", "PutBucketAnalyticsConfiguration", "DeleteBucketAnalyticsConfiguration"),
            ["inventory"] = Missing("GetBucketInventoryConfiguration", "PutBucketInventoryConfiguration", "DeleteBucketInventoryConfiguration"),
            ["metrics"] = Missing("GetBucketMetricsConfiguration", "PutBucketMetricsConfiguration", "DeleteBucketMetricsConfiguration"),
            ["intelligent-tiering"] = Missing("GetBucketIntelligentTieringConfiguration", "PutBucketIntelligentTieringConfiguration", "DeleteBucketIntelligentTieringConfiguration"),
            ["object-lock"] = Missing("GetObjectLockConfiguration", "PutObjectLockConfiguration", "DeleteObjectLockConfiguration"),
            ["metadataTable"] = Missing("GetBucketMetadataTableConfiguration", "CreateBucketMetadataTableConfiguration", "DeleteBucketMetadataTableConfiguration"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, ((S3Operation Op, string Name) Get, (S3Operation Op, string Name) Put, (S3Operation Op, string Name) Delete)> ObjectSubresources =
        new Dictionary<string, ((S3Operation, string), (S3Operation, string), (S3Operation, string))>(StringComparer.Ordinal)
        {
            ["acl"] = (Op(S3Operation.GetObjectAcl), Op(S3Operation.PutObjectAcl), Missing("DeleteObjectAcl")),
            ["tagging"] = (Op(S3Operation.GetObjectTagging), Op(S3Operation.PutObjectTagging), Op(S3Operation.DeleteObjectTagging)),
            ["retention"] = Missing("GetObjectRetention", "PutObjectRetention", "DeleteObjectRetention"),
            ["legal-hold"] = Missing("GetObjectLegalHold", "PutObjectLegalHold", "DeleteObjectLegalHold"),
            ["torrent"] = Missing("GetObjectTorrent", "PutObjectTorrent", "DeleteObjectTorrent"),
            ["attributes"] = Missing("GetObjectAttributes", "PutObjectAttributes", "DeleteObjectAttributes"),
            ["renameObject"] = Missing("RenameObject", "RenameObject", "RenameObject"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    public static (S3Operation Operation, string Name) Resolve(string method, bool hasBucket, bool hasKey, QueryParameters query, bool hasCopySource)
    {
        if (!hasBucket)
        {
            return method == "GET" ? (S3Operation.ListBuckets, "ListBuckets") : (S3Operation.MethodNotAllowed, method);
        }

        if (method == "OPTIONS")
        {
            return (S3Operation.CorsPreflight, "CorsPreflight");
        }

        return hasKey ? ResolveObject(method, query, hasCopySource) : ResolveBucket(method, query);
    }

    private static (S3Operation, string) ResolveBucket(string method, QueryParameters query)
    {
        if (FindSubresource(query, BucketSubresources) is { } names)
        {
            return ByMethod(method, names);
        }

        switch (method)
        {
            case "GET":
                if (query.Has("location"))
                {
                    return (S3Operation.GetBucketLocation, "GetBucketLocation");
                }

                if (query.Has("uploads"))
                {
                    return (S3Operation.ListMultipartUploads, "ListMultipartUploads");
                }

                return query.Get("list-type") == "2"
                    ? (S3Operation.ListObjectsV2, "ListObjectsV2")
                    : (S3Operation.ListObjects, "ListObjects");
            case "HEAD":
                return (S3Operation.HeadBucket, "HeadBucket");
            case "PUT":
                return (S3Operation.CreateBucket, "CreateBucket");
            case "DELETE":
                return (S3Operation.DeleteBucket, "DeleteBucket");
            case "POST":
                return query.Has("delete")
                    ? (S3Operation.DeleteObjects, "DeleteObjects")
                    : (S3Operation.NotImplemented, "PostObject");
            default:
                return (S3Operation.MethodNotAllowed, method);
        }
    }

    private static (S3Operation, string) ResolveObject(string method, QueryParameters query, bool hasCopySource)
    {
        if (FindSubresource(query, ObjectSubresources) is { } names)
        {
            return ByMethod(method, names);
        }

        var hasUploadId = query.Has("uploadId");
        switch (method)
        {
            case "GET":
                return hasUploadId ? (S3Operation.ListParts, "ListParts") : (S3Operation.GetObject, "GetObject");
            case "HEAD":
                return (S3Operation.HeadObject, "HeadObject");
            case "PUT":
                if (hasUploadId || query.Has("partNumber"))
                {
                    return hasCopySource ? (S3Operation.UploadPartCopy, "UploadPartCopy") : (S3Operation.UploadPart, "UploadPart");
                }

                return hasCopySource ? (S3Operation.CopyObject, "CopyObject") : (S3Operation.PutObject, "PutObject");
            case "DELETE":
                return hasUploadId ? (S3Operation.AbortMultipartUpload, "AbortMultipartUpload") : (S3Operation.DeleteObject, "DeleteObject");
            case "POST":
                if (query.Has("uploads"))
                {
                    return (S3Operation.CreateMultipartUpload, "CreateMultipartUpload");
                }

                if (hasUploadId)
                {
                    return (S3Operation.CompleteMultipartUpload, "CompleteMultipartUpload");
                }

                if (query.Has("restore"))
                {
                    return (S3Operation.RestoreObject, "RestoreObject");
                }

                if (query.Has("select"))
                {
                    return (S3Operation.NotImplemented, "SelectObjectContent");
                }

                return (S3Operation.MethodNotAllowed, method);
            default:
                return (S3Operation.MethodNotAllowed, method);
        }
    }

    private static (S3Operation, string) ByMethod(string method, ((S3Operation Op, string Name) Get, (S3Operation Op, string Name) Put, (S3Operation Op, string Name) Delete) names) =>
        method switch
        {
            "GET" or "HEAD" => names.Get,
            "PUT" => names.Put,
            "DELETE" => names.Delete,
            _ => (S3Operation.MethodNotAllowed, method),
        };

    private static (S3Operation, string) Op(S3Operation operation) => (operation, operation.ToString());

    private static (S3Operation, string) Missing(string name) => (S3Operation.NotImplemented, name);

    private static ((S3Operation, string), (S3Operation, string), (S3Operation, string)) Missing(string get, string put, string delete) =>
        (Missing(get), Missing(put), Missing(delete));

    private static ((S3Operation Op, string Name) Get, (S3Operation Op, string Name) Put, (S3Operation Op, string Name) Delete)? FindSubresource(
        QueryParameters query, FrozenDictionary<string, ((S3Operation Op, string Name) Get, (S3Operation Op, string Name) Put, (S3Operation Op, string Name) Delete)> table)
    {
        if (query.Count == 0)
        {
            return null;
        }

        foreach (var name in query.Names)
        {
            if (table.TryGetValue(name, out var names))
            {
                return names;
            }
        }

        return null;
    }
}
