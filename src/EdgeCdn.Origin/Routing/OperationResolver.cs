using System.Collections.Frozen;

namespace EdgeCdn.Origin.Routing;

/// <summary>
/// Maps method + addressing + query (+ x-amz-copy-source) to the S3 operation, the way S3 does: sub-resource query
/// parameters select bucket and object sub-APIs. Sub-resources that this origin does not implement resolve to
/// <see cref="S3Operation.NotImplemented"/> with the AWS operation name, so the 501 says exactly what is missing.
/// </summary>
internal static class OperationResolver
{
    // Bucket sub-resources by query parameter: the AWS operation names for GET, PUT and DELETE.
    private static readonly FrozenDictionary<string, (string Get, string Put, string Delete)> BucketSubresources =
        new Dictionary<string, (string, string, string)>(StringComparer.Ordinal)
        {
            ["acl"] = ("GetBucketAcl", "PutBucketAcl", "DeleteBucketAcl"),
            ["policy"] = ("GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy"),
            ["policyStatus"] = ("GetBucketPolicyStatus", "PutBucketPolicyStatus", "DeleteBucketPolicyStatus"),
            ["cors"] = ("GetBucketCors", "PutBucketCors", "DeleteBucketCors"),
            ["lifecycle"] = ("GetBucketLifecycleConfiguration", "PutBucketLifecycleConfiguration", "DeleteBucketLifecycle"),
            ["website"] = ("GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite"),
            ["versioning"] = ("GetBucketVersioning", "PutBucketVersioning", "DeleteBucketVersioning"),
            ["versions"] = ("ListObjectVersions", "PutObjectVersions", "DeleteObjectVersions"),
            ["tagging"] = ("GetBucketTagging", "PutBucketTagging", "DeleteBucketTagging"),
            ["encryption"] = ("GetBucketEncryption", "PutBucketEncryption", "DeleteBucketEncryption"),
            ["logging"] = ("GetBucketLogging", "PutBucketLogging", "DeleteBucketLogging"),
            ["notification"] = ("GetBucketNotificationConfiguration", "PutBucketNotificationConfiguration", "DeleteBucketNotification"),
            ["replication"] = ("GetBucketReplication", "PutBucketReplication", "DeleteBucketReplication"),
            ["requestPayment"] = ("GetBucketRequestPayment", "PutBucketRequestPayment", "DeleteBucketRequestPayment"),
            ["accelerate"] = ("GetBucketAccelerateConfiguration", "PutBucketAccelerateConfiguration", "DeleteBucketAccelerateConfiguration"),
            ["analytics"] = ("GetBucketAnalyticsConfiguration", "PutBucketAnalyticsConfiguration", "DeleteBucketAnalyticsConfiguration"),
            ["inventory"] = ("GetBucketInventoryConfiguration", "PutBucketInventoryConfiguration", "DeleteBucketInventoryConfiguration"),
            ["metrics"] = ("GetBucketMetricsConfiguration", "PutBucketMetricsConfiguration", "DeleteBucketMetricsConfiguration"),
            ["intelligent-tiering"] = ("GetBucketIntelligentTieringConfiguration", "PutBucketIntelligentTieringConfiguration", "DeleteBucketIntelligentTieringConfiguration"),
            ["ownershipControls"] = ("GetBucketOwnershipControls", "PutBucketOwnershipControls", "DeleteBucketOwnershipControls"),
            ["publicAccessBlock"] = ("GetPublicAccessBlock", "PutPublicAccessBlock", "DeletePublicAccessBlock"),
            ["object-lock"] = ("GetObjectLockConfiguration", "PutObjectLockConfiguration", "DeleteObjectLockConfiguration"),
            ["metadataTable"] = ("GetBucketMetadataTableConfiguration", "CreateBucketMetadataTableConfiguration", "DeleteBucketMetadataTableConfiguration"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, (string Get, string Put, string Delete)> ObjectSubresources =
        new Dictionary<string, (string, string, string)>(StringComparer.Ordinal)
        {
            ["acl"] = ("GetObjectAcl", "PutObjectAcl", "DeleteObjectAcl"),
            ["tagging"] = ("GetObjectTagging", "PutObjectTagging", "DeleteObjectTagging"),
            ["retention"] = ("GetObjectRetention", "PutObjectRetention", "DeleteObjectRetention"),
            ["legal-hold"] = ("GetObjectLegalHold", "PutObjectLegalHold", "DeleteObjectLegalHold"),
            ["torrent"] = ("GetObjectTorrent", "PutObjectTorrent", "DeleteObjectTorrent"),
            ["attributes"] = ("GetObjectAttributes", "PutObjectAttributes", "DeleteObjectAttributes"),
            ["renameObject"] = ("RenameObject", "RenameObject", "RenameObject"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    public static (S3Operation Operation, string Name) Resolve(string method, bool hasBucket, bool hasKey, QueryParameters query, bool hasCopySource)
    {
        if (!hasBucket)
        {
            return method == "GET" ? (S3Operation.ListBuckets, "ListBuckets") : (S3Operation.MethodNotAllowed, method);
        }

        if (method == "OPTIONS")
        {
            // CORS preflight belongs to the bucket CORS configuration, which a later issue adds.
            return (S3Operation.NotImplemented, "OPTIONS (CORS preflight)");
        }

        return hasKey ? ResolveObject(method, query, hasCopySource) : ResolveBucket(method, query);
    }

    private static (S3Operation, string) ResolveBucket(string method, QueryParameters query)
    {
        if (FindSubresource(query, BucketSubresources) is { } names)
        {
            return method switch
            {
                "GET" or "HEAD" => (S3Operation.NotImplemented, names.Get),
                "PUT" => (S3Operation.NotImplemented, names.Put),
                "DELETE" => (S3Operation.NotImplemented, names.Delete),
                _ => (S3Operation.MethodNotAllowed, method),
            };
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
            return method switch
            {
                "GET" or "HEAD" => (S3Operation.NotImplemented, names.Get),
                "PUT" => (S3Operation.NotImplemented, names.Put),
                "DELETE" => (S3Operation.NotImplemented, names.Delete),
                _ => (S3Operation.MethodNotAllowed, method),
            };
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
                    return (S3Operation.NotImplemented, "RestoreObject");
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

    private static (string Get, string Put, string Delete)? FindSubresource(
        QueryParameters query, FrozenDictionary<string, (string Get, string Put, string Delete)> table)
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
