using System.Globalization;
using EdgeCdn.Core.Checksums;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Payload;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Objects;

/// <summary>PutObject, GetObject, HeadObject, DeleteObject, CopyObject.</summary>
internal sealed class ObjectHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;
    private readonly OriginMetrics _metrics;

    public ObjectHandler(ObjectStore store, IOptions<OriginOptions> options, OriginMetrics metrics)
    {
        _store = store;
        _options = options.Value;
        _metrics = metrics;
    }

    public async Task PutObjectAsync(S3Context context)
    {
        BucketAccess.Require(_store, context);
        var metadata = ObjectHeaderRules.Parse(context.HttpRequest.Headers);
        var payload = RequestPayload.Open(context.HttpRequest, context.Signature, _options.MaxObjectBytes);
        PayloadDigest digest;
        string blobId;
        using (var writer = _store.Blobs.CreateWriter())
        {
            digest = await payload.CopyToAsync(writer.Stream, RequestedChecksum(context), context.Aborted).ConfigureAwait(false);
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
            Owner = context.Principal.UserName,
            BlobId = blobId,
            Metadata = metadata,
            Checksum = digest.Checksum,
        };
        await _store.PutObjectAsync(created, WritePrecondition(context), context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.ETag = created.QuotedETag;
        if (digest.Checksum is { } checksum)
        {
            ObjectResponseHeaders.WriteChecksum(context.Response, checksum.Algorithm, checksum.Value, checksum.Type);
        }

        context.Response.ContentLength = 0;
    }

    public async Task GetObjectAsync(S3Context context, bool head)
    {
        BucketAccess.Require(_store, context);
        RequireNullVersion(context);
        var partNumber = ParsePartNumber(context.Request.Query.Get("partNumber"), _options.MaxPartsPerUpload);
        var opened = _store.OpenObject(context.Bucket, context.Key)
            ?? throw new S3Exception(S3ErrorCatalog.NoSuchKey, null, S3Exception.Detail("Key", context.Key));
        using var lease = opened.Lease;
        var obj = opened.Object;
        var response = context.Response;

        var precondition = Preconditions.Evaluate(context.HttpRequest.Headers, obj.ETag, obj.LastModified);
        if (precondition.Outcome == PreconditionOutcome.NotModified)
        {
            ObjectResponseHeaders.WriteValidators(response, obj);
            throw new S3Exception(S3ErrorCatalog.NotModified);
        }

        if (precondition.Outcome == PreconditionOutcome.Failed)
        {
            ObjectResponseHeaders.WriteValidators(response, obj);
            throw new S3Exception(S3ErrorCatalog.PreconditionFailed, null, S3Exception.Detail("Condition", precondition.Condition!));
        }

        var start = 0L;
        var length = obj.Size;
        var partial = false;
        (ChecksumAlgorithm Algorithm, string Value, string Type)? checksum = obj.Checksum is { } c ? (c.Algorithm, c.Value, c.Type) : null;
        var rangeHeader = context.HttpRequest.Headers.Range.ToString();
        if (partNumber is { } n)
        {
            if (rangeHeader.Length > 0)
            {
                throw new S3Exception(S3ErrorCatalog.InvalidRequest, "Cannot specify both Range header and partNumber query parameter.");
            }

            if (obj.Parts.Count == 0)
            {
                if (n != 1)
                {
                    throw new S3Exception(S3ErrorCatalog.InvalidPartNumber, null, S3Exception.Detail("PartNumberRequested", n.ToString(CultureInfo.InvariantCulture)),
                        S3Exception.Detail("ActualPartCount", "1"));
                }
            }
            else
            {
                // Parts are addressed by position in the completed object (1..x-amz-mp-parts-count), whatever numbers
                // they had during the upload.
                var part = n <= obj.Parts.Count ? obj.Parts[n - 1] : throw new S3Exception(S3ErrorCatalog.InvalidPartNumber, null,
                        S3Exception.Detail("PartNumberRequested", n.ToString(CultureInfo.InvariantCulture)),
                        S3Exception.Detail("ActualPartCount", obj.Parts.Count.ToString(CultureInfo.InvariantCulture)));
                start = part.Offset;
                length = part.Size;
                checksum = obj.Checksum is { } oc && part.Checksum is { } pc ? (oc.Algorithm, pc, StoredChecksum.FullObject) : null;
                response.Headers["x-amz-mp-parts-count"] = obj.Parts.Count.ToString(CultureInfo.InvariantCulture);
            }

            partial = true;
        }
        else if (rangeHeader.Length > 0)
        {
            var range = ByteRange.Parse(rangeHeader, obj.Size, out var unsatisfiable);
            if (unsatisfiable)
            {
                response.Headers.ContentRange = $"bytes */{obj.Size}";
                throw new S3Exception(S3ErrorCatalog.InvalidRange, null,
                    S3Exception.Detail("RangeRequested", rangeHeader), S3Exception.Detail("ActualObjectSize", obj.Size.ToString(CultureInfo.InvariantCulture)));
            }

            if (range is { } r)
            {
                start = r.Start;
                length = r.Length;
                partial = true;
                checksum = null;
            }
        }

        ObjectResponseHeaders.Write(response, obj, context.Request.Query);
        if (checksum is { } sum && context.Header("x-amz-checksum-mode").Equals("ENABLED", StringComparison.OrdinalIgnoreCase))
        {
            ObjectResponseHeaders.WriteChecksum(response, sum.Algorithm, sum.Value, sum.Type);
        }

        response.StatusCode = partial ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;
        if (partial)
        {
            response.Headers.ContentRange = length == 0 ? $"bytes */{obj.Size}" : $"bytes {start}-{start + length - 1}/{obj.Size}";
        }

        response.ContentLength = length;
        if (head)
        {
            return;
        }

        var sent = await ObjectDataReader.WriteToResponseAsync(_store.Blobs, obj, start, length, response, context.Aborted).ConfigureAwait(false);
        _metrics.Sent(sent);
    }

    public async Task DeleteObjectAsync(S3Context context)
    {
        BucketAccess.Require(_store, context);
        RequireNullVersion(context);
        await _store.DeleteObjectAsync(context.Bucket, context.Key, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public async Task CopyObjectAsync(S3Context context)
    {
        BucketAccess.Require(_store, context);
        var source = CopySource.Parse(context.Header("x-amz-copy-source"));
        BucketAccess.Require(_store, context, source.Bucket, source.Key);
        var directive = context.Header("x-amz-metadata-directive") switch
        {
            "" or "COPY" => "COPY",
            "REPLACE" => "REPLACE",
            var other => throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Unknown metadata directive.",
                S3Exception.Detail("ArgumentName", "x-amz-metadata-directive"), S3Exception.Detail("ArgumentValue", other)),
        };
        var replaced = directive == "REPLACE" ? ObjectHeaderRules.Parse(context.HttpRequest.Headers) : null;
        if (replaced is null)
        {
            ObjectHeaderRules.RejectUnsupported(context.HttpRequest.Headers);
        }

        var opened = _store.OpenObject(source.Bucket, source.Key)
            ?? throw new S3Exception(S3ErrorCatalog.NoSuchKey, null, S3Exception.Detail("Key", source.Key));
        using var lease = opened.Lease;
        var sourceObject = opened.Object;
        RequireCopySourceConditions(context, sourceObject);
        var storageClass = context.Header("x-amz-storage-class");
        if (source.Bucket == context.Bucket && source.Key == context.Key && replaced is null &&
            (storageClass.Length == 0 || storageClass == sourceObject.Metadata.StorageClass))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest,
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }

        if (sourceObject.Size > _options.MaxObjectBytes)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest,
                $"The specified copy source is larger than the maximum allowable size for a copy source: {_options.MaxObjectBytes}");
        }

        var metadata = replaced ?? (storageClass.Length > 0 ? sourceObject.Metadata with { StorageClass = storageClass } : sourceObject.Metadata);
        var algorithm = RequestedChecksum(context) ?? sourceObject.Checksum?.Algorithm;
        PayloadDigest digest;
        string blobId;
        using (var writer = _store.Blobs.CreateWriter())
        {
            digest = await ObjectDataReader.CopyAsync(_store.Blobs, sourceObject, 0, sourceObject.Size, writer.Stream, algorithm, context.Aborted)
                .ConfigureAwait(false);
            blobId = writer.Publish();
        }

        var created = new ObjectRecord
        {
            Bucket = context.Bucket,
            Key = context.Key,
            Size = digest.Length,
            ETag = digest.ETag,
            LastModified = context.Now,
            Owner = context.Principal.UserName,
            BlobId = blobId,
            Metadata = metadata,
            Checksum = digest.Checksum,
        };
        await _store.PutObjectAsync(created, WritePrecondition(context), context.Aborted).ConfigureAwait(false);
        await XmlResponse.WriteAsync(context.Response, "CopyObjectResult", w =>
        {
            XmlResponse.Element(w, "LastModified", created.LastModified);
            XmlResponse.Element(w, "ETag", created.QuotedETag);
            if (created.Checksum is { } sum)
            {
                XmlResponse.Element(w, "Checksum" + ObjectStore.AlgorithmName(sum.Algorithm), sum.Value);
                XmlResponse.Element(w, "ChecksumType", sum.Type);
            }
        }).ConfigureAwait(false);
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

    private static void RequireNullVersion(S3Context context)
    {
        if (context.Request.Query.Get("versionId") is { } versionId && versionId != "null")
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Invalid version id specified",
                S3Exception.Detail("ArgumentName", "versionId"), S3Exception.Detail("ArgumentValue", versionId));
        }
    }

    /// <summary>Conditional writes: If-None-Match: * (only if absent) and If-Match (only if the current ETag matches),
    /// checked in the commit transaction.</summary>
    private static Action<ObjectRecord?>? WritePrecondition(S3Context context)
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
