using System.Globalization;
using EdgeCdn.Core.Checksums;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Encryption;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Restore;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Objects;

/// <summary>
/// Answers GET and HEAD for one object version that the caller may read (the S3 API and the website endpoint):
/// archive state, conditional requests, ranges or partNumber, the object's headers, then its plaintext streamed
/// from its blobs.
/// </summary>
internal sealed class ObjectResponder
{
    private readonly ObjectStore _store;
    private readonly BlobEncryption _encryption;
    private readonly OriginOptions _options;
    private readonly OriginMetrics _metrics;

    public ObjectResponder(ObjectStore store, BlobEncryption encryption, IOptions<OriginOptions> options, OriginMetrics metrics)
    {
        _store = store;
        _encryption = encryption;
        _options = options.Value;
        _metrics = metrics;
    }

    /// <param name="status">The status of a full answer (the website endpoint serves its error document with 404 or 403).</param>
    public async Task ServeAsync(S3Context context, BucketRecord bucket, ObjectRecord obj, CustomerKey? customerKey, bool head, int status = StatusCodes.Status200OK)
    {
        var response = context.Response;
        ObjectResponseHeaders.WriteVersion(response, obj.VersionId, bucket);
        var partNumber = ObjectHandler.ParsePartNumber(context.Request.Query.Get("partNumber"), _options.MaxPartsPerUpload);
        StorageClasses.WriteRestoreHeader(response, obj, context.Now);
        if (!head)
        {
            StorageClasses.RequireReadable(obj, context.Now);
        }

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
        var rangeHeader = status == StatusCodes.Status200OK ? context.HttpRequest.Headers.Range.ToString() : string.Empty;
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
        ServerSideEncryption.WriteHeaders(response, obj.Encryption);
        if (checksum is { } sum && context.Header("x-amz-checksum-mode").Equals("ENABLED", StringComparison.OrdinalIgnoreCase))
        {
            ObjectResponseHeaders.WriteChecksum(response, sum.Algorithm, sum.Value, sum.Type);
        }

        response.StatusCode = partial ? StatusCodes.Status206PartialContent : status;
        if (partial)
        {
            response.Headers.ContentRange = length == 0 ? $"bytes */{obj.Size}" : $"bytes {start}-{start + length - 1}/{obj.Size}";
        }

        response.ContentLength = length;
        if (head)
        {
            return;
        }

        var sent = await ObjectDataReader.WriteToResponseAsync(_encryption.Opener(_store.Blobs, obj.Encryption, customerKey), obj, start, length, response, context.Aborted)
            .ConfigureAwait(false);
        _metrics.Sent(sent);
    }
}
