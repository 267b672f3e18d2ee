using System.Globalization;
using EdgeCdn.Core.Checksums;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Acls;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Encryption;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Payload;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Restore;
using EdgeCdn.Origin.Storage;
using EdgeCdn.Origin.Tagging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Objects;

/// <summary>PutObject, GetObject, HeadObject, DeleteObject, CopyObject (all version-aware).</summary>
internal sealed class ObjectHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;
    private readonly OriginMetrics _metrics;
    private readonly BlobEncryption _encryption;
    private readonly ObjectResponder _responder;

    public ObjectHandler(ObjectStore store, IOptions<OriginOptions> options, OriginMetrics metrics, BlobEncryption encryption, ObjectResponder responder)
    {
        _store = store;
        _options = options.Value;
        _metrics = metrics;
        _encryption = encryption;
        _responder = responder;
    }

    public async Task PutObjectAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var metadata = ObjectHeaderRules.Parse(context.HttpRequest.Headers);
        var acl = RequestedAcl(context, bucket);
        var choice = ServerSideEncryption.ForWrite(context, _options.Encryption, bucket);
        var payload = RequestPayload.Open(context.HttpRequest, context.Signature, _options.MaxObjectBytes);
        PayloadDigest digest;
        string blobId;
        using (var writer = _store.Blobs.CreateWriter())
        {
            using (var sink = _encryption.Wrap(writer.Stream, choice.Encryption, choice.Key))
            {
                digest = await payload.CopyToAsync(sink.Stream, RequestedChecksum(context), context.Aborted).ConfigureAwait(false);
                sink.Complete();
            }

            blobId = writer.Publish();
        }

        _metrics.Received(digest.Length);
        var created = new ObjectRecord
        {
            Bucket = context.Bucket,
            Key = context.Key,
            Size = digest.Length,
            ETag = digest.ETag,
            LastModified = context.Now,
            Owner = OwnerOfNewObject(context, bucket),
            BlobId = blobId,
            Metadata = metadata,
            Checksum = digest.Checksum,
            Encryption = choice.Encryption,
            Acl = acl?.Serialize(),
        };
        var stored = await _store.PutObjectAsync(created, WritePrecondition(context), context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.ETag = stored.QuotedETag;
        ObjectResponseHeaders.WriteVersion(context.Response, stored.VersionId, bucket);
        ServerSideEncryption.WriteHeaders(context.Response, stored.Encryption);
        if (digest.Checksum is { } checksum)
        {
            ObjectResponseHeaders.WriteChecksum(context.Response, checksum.Algorithm, checksum.Value, checksum.Type);
        }

        context.Response.ContentLength = 0;
    }

    public async Task GetObjectAsync(S3Context context, bool head)
    {
        var bucket = BucketAccess.Require(_store, context);
        var versionId = context.VersionId;
        var presentedKey = ServerSideEncryption.CustomerKeyOf(context, _options.Encryption, copySource: false);
        var opened = _store.OpenObject(context.Bucket, context.Key, versionId)
            ?? throw context.Authorizer.Missing(context, bucket, context.Key, versionId);
        using var lease = opened.Lease;
        var obj = opened.Object;
        if (obj.IsDeleteMarker)
        {
            throw DeleteMarkerAnswer(context, bucket, obj, versionId);
        }

        context.Authorizer.AuthorizeObject(context, bucket, obj);
        var customerKey = ServerSideEncryption.ForRead(obj, presentedKey);
        await _responder.ServeAsync(context, bucket, obj, customerKey, head).ConfigureAwait(false);
    }

    public async Task DeleteObjectAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var outcome = await _store.DeleteAsync(context.Bucket, context.Key, context.VersionId, context.Now, OwnerOfNewObject(context, bucket), context.Aborted)
            .ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        ObjectResponseHeaders.WriteVersion(context.Response, outcome.VersionId, bucket);
        if (outcome.DeleteMarker)
        {
            context.Response.Headers["x-amz-delete-marker"] = "true";
        }
    }

    public async Task CopyObjectAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var source = CopySource.Parse(context.Header("x-amz-copy-source"));
        var directive = context.Header("x-amz-metadata-directive") switch
        {
            "" or "COPY" => "COPY",
            "REPLACE" => "REPLACE",
            var other => throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Unknown metadata directive.",
                S3Exception.Detail("ArgumentName", "x-amz-metadata-directive"), S3Exception.Detail("ArgumentValue", other)),
        };
        var taggingDirective = context.Header("x-amz-tagging-directive") switch
        {
            "" or "COPY" => "COPY",
            "REPLACE" => "REPLACE",
            var other => throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Unknown tagging directive.",
                S3Exception.Detail("ArgumentName", "x-amz-tagging-directive"), S3Exception.Detail("ArgumentValue", other)),
        };
        var replaced = directive == "REPLACE" ? ObjectHeaderRules.Parse(context.HttpRequest.Headers) : null;
        if (replaced is null)
        {
            ObjectHeaderRules.RejectUnsupported(context.HttpRequest.Headers);
        }

        var acl = RequestedAcl(context, bucket);
        var choice = ServerSideEncryption.ForWrite(context, _options.Encryption, bucket);
        var (sourceBucket, sourceObject, lease, sourceKey) = OpenCopySource(context, source);
        using var _ = lease;
        var storageClass = ObjectHeaderRules.ParseStorageClass(context.Header("x-amz-storage-class"));
        var redirect = ObjectHeaderRules.WebsiteRedirect(context.HttpRequest.Headers);
        if (source.Bucket == context.Bucket && source.Key == context.Key && source.VersionId is null && replaced is null &&
            (storageClass is null || storageClass == sourceObject.Metadata.StorageClass) && redirect is null && taggingDirective == "COPY" &&
            context.Header(ServerSideEncryption.Header).Length == 0 && choice.Key is null)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest,
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }

        if (sourceObject.Size > _options.MaxObjectBytes)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest,
                $"The specified copy source is larger than the maximum allowable size for a copy source: {_options.MaxObjectBytes}");
        }

        var metadata = replaced ?? sourceObject.Metadata;
        metadata = metadata with
        {
            StorageClass = storageClass ?? (replaced is null ? sourceObject.Metadata.StorageClass : metadata.StorageClass),
            Tags = taggingDirective == "COPY" ? sourceObject.Metadata.Tags : context.Header("x-amz-tagging") is { Length: > 0 } t ? TagSet.FromHeader(t) : null,
            WebsiteRedirect = redirect ?? (replaced is null ? sourceObject.Metadata.WebsiteRedirect : null),
        };

        // A copy out of an archive class makes a new object in the class asked for (STANDARD unless given).
        if (storageClass is null && StorageClasses.IsArchive(sourceObject.Metadata.StorageClass))
        {
            metadata = metadata with { StorageClass = StorageClasses.Standard };
        }

        var algorithm = RequestedChecksum(context) ?? sourceObject.Checksum?.Algorithm;
        PayloadDigest digest;
        string blobId;
        using (var writer = _store.Blobs.CreateWriter())
        {
            using (var sink = _encryption.Wrap(writer.Stream, choice.Encryption, choice.Key))
            {
                digest = await ObjectDataReader.CopyAsync(_encryption.Opener(_store.Blobs, sourceObject.Encryption, sourceKey), sourceObject, 0, sourceObject.Size,
                    sink.Stream, algorithm, context.Aborted).ConfigureAwait(false);
                sink.Complete();
            }

            blobId = writer.Publish();
        }

        var created = new ObjectRecord
        {
            Bucket = context.Bucket,
            Key = context.Key,
            Size = digest.Length,
            ETag = digest.ETag,
            LastModified = context.Now,
            Owner = OwnerOfNewObject(context, bucket),
            BlobId = blobId,
            Metadata = metadata,
            Checksum = digest.Checksum,
            Encryption = choice.Encryption,
            Acl = acl?.Serialize(),
        };
        var stored = await _store.PutObjectAsync(created, WritePrecondition(context), context.Aborted).ConfigureAwait(false);
        ObjectResponseHeaders.WriteVersion(context.Response, stored.VersionId, bucket);
        if (source.VersionId is not null || sourceBucket.Versioning != BucketRecord.Unversioned)
        {
            context.Response.Headers["x-amz-copy-source-version-id"] = sourceObject.VersionId;
        }

        ServerSideEncryption.WriteHeaders(context.Response, stored.Encryption);
        await XmlResponse.WriteAsync(context.Response, "CopyObjectResult", w =>
        {
            XmlResponse.Element(w, "LastModified", stored.LastModified);
            XmlResponse.Element(w, "ETag", stored.QuotedETag);
            if (stored.Checksum is { } sum)
            {
                XmlResponse.Element(w, "Checksum" + ObjectStore.AlgorithmName(sum.Algorithm), sum.Value);
                XmlResponse.Element(w, "ChecksumType", sum.Type);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The source of CopyObject / UploadPartCopy: authorised for reading (s3:GetObject or s3:GetObjectVersion), not a
    /// delete marker, its copy-source conditions met, readable (archive classes must be restored), with its SSE-C key.
    /// </summary>
    public (BucketRecord Bucket, ObjectRecord Object, BlobLease Lease, CustomerKey? Key) OpenCopySource(S3Context context, CopySource source)
    {
        var action = source.VersionId is null ? "s3:GetObject" : "s3:GetObjectVersion";
        var bucket = BucketAccess.Require(_store, context, source.Bucket, source.Key, action);
        var presented = ServerSideEncryption.CustomerKeyOf(context, _options.Encryption, copySource: true);
        var opened = _store.OpenObject(source.Bucket, source.Key, source.VersionId)
            ?? throw context.Authorizer.Missing(context, bucket, source.Key, source.VersionId);
        try
        {
            var obj = opened.Object;
            if (obj.IsDeleteMarker)
            {
                throw source.VersionId is null
                    ? new S3Exception(S3ErrorCatalog.NoSuchKey, null, S3Exception.Detail("Key", source.Key))
                    : new S3Exception(S3ErrorCatalog.InvalidRequest, "The source of a copy request may not specifically refer to a delete marker by version id.");
            }

            context.Authorizer.AuthorizeObject(context, bucket, obj);
            RequireCopySourceConditions(context, obj);
            StorageClasses.RequireReadable(obj, context.Now);
            return (bucket, obj, opened.Lease, ServerSideEncryption.ForRead(obj, presented));
        }
        catch
        {
            opened.Lease.Dispose();
            throw;
        }
    }

    /// <summary>Who owns an object written now: the writer under ObjectWriter ownership, the bucket owner otherwise.</summary>
    public static string OwnerOfNewObject(S3Context context, BucketRecord bucket) =>
        context.Principal.IsAccountUser && ObjectOwnership.Of(bucket) == ObjectOwnership.ObjectWriter ? context.Principal.UserName : bucket.Owner;

    /// <summary>The ACL a write asks for, checked against the bucket's ownership and Block Public Access settings.</summary>
    public static AccessControlList? RequestedAcl(S3Context context, BucketRecord bucket)
    {
        var ownerId = Auth.OriginPrincipal.CanonicalIdOf(bucket.Owner);
        var acl = AclRequest.FromHeaders(context.HttpRequest.Headers, ownerId, forObject: true);
        if (acl is not null)
        {
            AclRequest.Check(bucket, acl, ownerId);
        }

        return acl;
    }

    /// <summary>A delete marker where an object was asked for: 404 NoSuchKey for the latest version, 405 for the
    /// marker's own version id; both say x-amz-delete-marker: true.</summary>
    public static S3Exception DeleteMarkerAnswer(S3Context context, BucketRecord bucket, ObjectRecord marker, string? versionId)
    {
        context.Response.Headers["x-amz-delete-marker"] = "true";
        ObjectResponseHeaders.WriteVersion(context.Response, marker.VersionId, bucket);
        context.Response.Headers.LastModified = marker.LastModified.ToString("r", CultureInfo.InvariantCulture);
        return versionId is null
            ? context.Authorizer.Missing(context, bucket, context.Key, null)
            : new S3Exception(S3ErrorCatalog.MethodNotAllowed, null, S3Exception.Detail("Method", context.HttpRequest.Method),
                S3Exception.Detail("ResourceType", "DeleteMarker"));
    }

    /// <summary>The copy-source conditions (x-amz-copy-source-if-*): any failure is 412.</summary>
    public static void RequireCopySourceConditions(S3Context context, ObjectRecord source)
    {
        var result = Preconditions.Evaluate(context.HttpRequest.Headers, source.ETag, source.LastModified, Preconditions.CopySourcePrefix);
        if (result.Outcome != PreconditionOutcome.Proceed)
        {
            throw new S3Exception(S3ErrorCatalog.PreconditionFailed, null, S3Exception.Detail("Condition", result.Condition!));
        }
    }

    /// <summary>The checksum algorithm a client asks for without sending a value (x-amz-checksum-algorithm, or the SDK's
    /// x-amz-sdk-checksum-algorithm).</summary>
    public static ChecksumAlgorithm? RequestedChecksum(S3Context context)
    {
        foreach (var header in new[] { "x-amz-checksum-algorithm", "x-amz-sdk-checksum-algorithm" })
        {
            var value = context.Header(header);
            if (value.Length == 0)
            {
                continue;
            }

            return PayloadChecksum.TryParse(value, out var algorithm)
                ? algorithm
                : throw new S3Exception(S3ErrorCatalog.InvalidRequest, $"Checksum algorithm '{value}' is not supported.",
                    S3Exception.Detail("ArgumentName", header), S3Exception.Detail("ArgumentValue", value));
        }

        return null;
    }

    public static int? ParsePartNumber(string? text, int max)
    {
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max
            ? n
            : throw new S3Exception(S3ErrorCatalog.InvalidArgument, $"Part number must be an integer between 1 and {max}, inclusive",
                S3Exception.Detail("ArgumentName", "partNumber"), S3Exception.Detail("ArgumentValue", text));
    }

    /// <summary>Conditional writes: If-None-Match: * (only if absent) and If-Match (only if the current ETag matches),
    /// checked in the commit transaction.</summary>
    public static Action<ObjectRecord?>? WritePrecondition(S3Context context)
    {
        var ifNoneMatch = context.Header("If-None-Match");
        var ifMatch = context.Header("If-Match");
        if (ifNoneMatch.Length == 0 && ifMatch.Length == 0)
        {
            return null;
        }

        if (ifNoneMatch.Length > 0 && ifNoneMatch != "*")
        {
            throw new S3Exception(S3ErrorCatalog.NotImplemented, "If-None-Match on writes supports only '*'.");
        }

        var key = context.Key;
        return current =>
        {
            if (ifNoneMatch == "*" && current is not null)
            {
                throw new S3Exception(S3ErrorCatalog.PreconditionFailed, null, S3Exception.Detail("Condition", "If-None-Match"));
            }

            if (ifMatch.Length > 0)
            {
                if (current is null)
                {
                    throw new S3Exception(S3ErrorCatalog.NoSuchKey, null, S3Exception.Detail("Key", key));
                }

                if (!Preconditions.Matches(ifMatch, current.ETag))
                {
                    throw new S3Exception(S3ErrorCatalog.PreconditionFailed, null, S3Exception.Detail("Condition", "If-Match"));
                }
            }
        };
    }
}
