using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using EdgeCdn.Core.Checksums;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Encryption;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Objects;
using EdgeCdn.Origin.Payload;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Multipart;

/// <summary>CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload, AbortMultipartUpload,
/// ListParts, ListMultipartUploads.</summary>
internal sealed class MultipartHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;
    private readonly OriginMetrics _metrics;
    private readonly BlobEncryption _encryption;
    private readonly ObjectHandler _objects;

    public MultipartHandler(ObjectStore store, IOptions<OriginOptions> options, OriginMetrics metrics, BlobEncryption encryption, ObjectHandler objects)
    {
        _store = store;
        _options = options.Value;
        _metrics = metrics;
        _encryption = encryption;
        _objects = objects;
    }

    public async Task CreateAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var metadata = ObjectHeaderRules.Parse(context.HttpRequest.Headers);
        var acl = ObjectHandler.RequestedAcl(context, bucket);
        var choice = ServerSideEncryption.ForWrite(context, _options.Encryption, bucket);
        var algorithm = ObjectHandler.RequestedChecksum(context);
        var type = context.Header("x-amz-checksum-type") is { Length: > 0 } t ? t.ToUpperInvariant() : null;
        MultipartChecksums.CheckType(algorithm, type);
        if (algorithm is { } a)
        {
            type ??= MultipartChecksums.DefaultType(a);
        }

        var upload = new UploadRecord(NewUploadId(), context.Bucket, context.Key, ObjectHandler.OwnerOfNewObject(context, bucket), context.Now, metadata, algorithm, type,
            choice.Encryption, acl?.Serialize());
        await _store.CreateUploadAsync(upload, context.Aborted).ConfigureAwait(false);
        ServerSideEncryption.WriteHeaders(context.Response, upload.Encryption);
        if (algorithm is { } alg)
        {
            context.Response.Headers["x-amz-checksum-algorithm"] = ObjectStore.AlgorithmName(alg);
            context.Response.Headers["x-amz-checksum-type"] = type;
        }

        await XmlResponse.WriteAsync(context.Response, "InitiateMultipartUploadResult", w =>
        {
            XmlResponse.Element(w, "Bucket", upload.Bucket);
            XmlResponse.Element(w, "Key", upload.Key);
            XmlResponse.Element(w, "UploadId", upload.UploadId);
        }).ConfigureAwait(false);
    }

    public async Task UploadPartAsync(S3Context context)
    {
        BucketAccess.Require(_store, context);
        var (uploadId, partNumber) = PartAddress(context);
        var upload = _store.GetUpload(context.Bucket, context.Key, uploadId);
        var key = UploadKey(context, upload);
        var payload = RequestPayload.Open(context.HttpRequest, context.Signature, _options.MaxPartBytes);
        if (upload.ChecksumAlgorithm is { } expected && payload.ClientChecksumAlgorithm is { } sent && sent != expected)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest,
                $"Checksum Type mismatch occurred, expected checksum Type: {ObjectStore.AlgorithmName(expected).ToLowerInvariant()}, actual checksum Type: {ObjectStore.AlgorithmName(sent).ToLowerInvariant()}");
        }

        PayloadDigest digest;
        string blobId;
        using (var writer = _store.Blobs.CreateWriter())
        {
            using (var sink = _encryption.Wrap(writer.Stream, upload.Encryption, key))
            {
                digest = await payload.CopyToAsync(sink.Stream, upload.ChecksumAlgorithm, context.Aborted).ConfigureAwait(false);
                sink.Complete();
            }

            blobId = writer.Publish();
        }

        _metrics.Received(digest.Length);
        await _store.PutPartAsync(context.Bucket, context.Key, uploadId,
            new UploadPartRecord(partNumber, blobId, digest.Length, digest.ETag, PartChecksum(upload, digest), context.Now), context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.ETag = "\"" + digest.ETag + "\"";
        ServerSideEncryption.WriteHeaders(context.Response, upload.Encryption);
        if (digest.Checksum is { } checksum && (upload.ChecksumAlgorithm is null || checksum.Algorithm == upload.ChecksumAlgorithm))
        {
            context.Response.Headers[PayloadChecksum.HeaderNameOf(checksum.Algorithm)] = checksum.Value;
        }

        context.Response.ContentLength = 0;
    }

    public async Task UploadPartCopyAsync(S3Context context)
    {
        BucketAccess.Require(_store, context);
        var (uploadId, partNumber) = PartAddress(context);
        var upload = _store.GetUpload(context.Bucket, context.Key, uploadId);
        var key = UploadKey(context, upload);
        var source = CopySource.Parse(context.Header("x-amz-copy-source"));
        var (_, sourceObject, lease, sourceKey) = _objects.OpenCopySource(context, source);
        using var sourceLease = lease;
        var (start, length) = CopyRange(context.Header("x-amz-copy-source-range"), sourceObject.Size);
        if (length > _options.MaxPartBytes)
        {
            throw new S3Exception(S3ErrorCatalog.EntityTooLarge);
        }

        PayloadDigest digest;
        string blobId;
        using (var writer = _store.Blobs.CreateWriter())
        {
            using (var sink = _encryption.Wrap(writer.Stream, upload.Encryption, key))
            {
                digest = await ObjectDataReader.CopyAsync(_encryption.Opener(_store.Blobs, sourceObject.Encryption, sourceKey), sourceObject, start, length,
                    sink.Stream, upload.ChecksumAlgorithm, context.Aborted).ConfigureAwait(false);
                sink.Complete();
            }

            blobId = writer.Publish();
        }

        var part = new UploadPartRecord(partNumber, blobId, digest.Length, digest.ETag, PartChecksum(upload, digest), context.Now);
        await _store.PutPartAsync(context.Bucket, context.Key, uploadId, part, context.Aborted).ConfigureAwait(false);
        ServerSideEncryption.WriteHeaders(context.Response, upload.Encryption);
        await XmlResponse.WriteAsync(context.Response, "CopyPartResult", w =>
        {
            XmlResponse.Element(w, "LastModified", part.LastModified);
            XmlResponse.Element(w, "ETag", "\"" + part.ETag + "\"");
            if (part.Checksum is { } sum && upload.ChecksumAlgorithm is { } a)
            {
                XmlResponse.Element(w, "Checksum" + ObjectStore.AlgorithmName(a), sum);
            }
        }).ConfigureAwait(false);
    }

    public async Task CompleteAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var uploadId = context.Request.Query.Get("uploadId") ?? string.Empty;
        var payload = RequestPayload.Open(context.HttpRequest, context.Signature, _options.MaxXmlBodyBytes, requireLength: false);
        var body = await payload.ReadSmallAsync(_options.MaxXmlBodyBytes, context.Aborted).ConfigureAwait(false);
        var requested = ParseCompletion(body);
        var fullChecksumHeader = FullObjectChecksumHeader(context);
        var created = await _store.CompleteUploadAsync(context.Bucket, context.Key, uploadId,
            (upload, stored) => Assemble(context, upload, stored, requested, fullChecksumHeader), context.Aborted).ConfigureAwait(false);
        if (created.Checksum is { } sum)
        {
            ObjectResponseHeaders.WriteChecksum(context.Response, sum.Algorithm, sum.Value, sum.Type);
        }

        ObjectResponseHeaders.WriteVersion(context.Response, created.VersionId, bucket);
        ServerSideEncryption.WriteHeaders(context.Response, created.Encryption);

        var location = $"{context.HttpRequest.Scheme}://{context.HttpRequest.Host}/{context.Bucket}/{Core.Signing.UriEncoding.Encode(context.Key, keepSlash: true)}";
        await XmlResponse.WriteAsync(context.Response, "CompleteMultipartUploadResult", w =>
        {
            XmlResponse.Element(w, "Location", location);
            XmlResponse.Element(w, "Bucket", created.Bucket);
            XmlResponse.Element(w, "Key", created.Key);
            XmlResponse.Element(w, "ETag", created.QuotedETag);
            if (created.Checksum is { } c)
            {
                XmlResponse.Element(w, "Checksum" + ObjectStore.AlgorithmName(c.Algorithm), c.Value);
                XmlResponse.Element(w, "ChecksumType", c.Type);
            }
        }).ConfigureAwait(false);
    }

    public async Task AbortAsync(S3Context context)
    {
        BucketAccess.Require(_store, context);
        await _store.AbortUploadAsync(context.Bucket, context.Key, context.Request.Query.Get("uploadId") ?? string.Empty, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public Task ListPartsAsync(S3Context context)
    {
        BucketAccess.Require(_store, context);
        var query = context.Request.Query;
        var uploadId = query.Get("uploadId") ?? string.Empty;
        var maxParts = ListingParameters.ParseMax(query.Get("max-parts"), "max-parts", 1000);
        var marker = query.Get("part-number-marker") is { } m
            ? int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new S3Exception(S3ErrorCatalog.InvalidArgument,
                "Provided part-number-marker not an integer or within integer range", S3Exception.Detail("ArgumentName", "part-number-marker"))
            : 0;
        var (upload, parts, truncated) = _store.ListParts(context.Bucket, context.Key, uploadId, marker, maxParts);
        return XmlResponse.WriteAsync(context.Response, "ListPartsResult", w =>
        {
            XmlResponse.Element(w, "Bucket", upload.Bucket);
            XmlResponse.Element(w, "Key", upload.Key);
            XmlResponse.Element(w, "UploadId", upload.UploadId);
            WriteUser(w, "Initiator", upload.Owner);
            WriteUser(w, "Owner", upload.Owner);
            XmlResponse.Element(w, "StorageClass", upload.Metadata.StorageClass);
            XmlResponse.Element(w, "PartNumberMarker", marker);
            XmlResponse.Element(w, "NextPartNumberMarker", parts.Count > 0 ? parts[^1].PartNumber : marker);
            XmlResponse.Element(w, "MaxParts", maxParts);
            XmlResponse.Element(w, "IsTruncated", truncated);
            if (upload.ChecksumAlgorithm is { } a)
            {
                XmlResponse.Element(w, "ChecksumAlgorithm", ObjectStore.AlgorithmName(a));
                XmlResponse.Element(w, "ChecksumType", upload.ChecksumType);
            }

            foreach (var part in parts)
            {
                w.WriteStartElement("Part");
                XmlResponse.Element(w, "PartNumber", part.PartNumber);
                XmlResponse.Element(w, "LastModified", part.LastModified);
                XmlResponse.Element(w, "ETag", "\"" + part.ETag + "\"");
                XmlResponse.Element(w, "Size", part.Size);
                if (part.Checksum is { } sum && upload.ChecksumAlgorithm is { } alg)
                {
                    XmlResponse.Element(w, "Checksum" + ObjectStore.AlgorithmName(alg), sum);
                }

                w.WriteEndElement();
            }
        });
    }

    public Task ListUploadsAsync(S3Context context)
    {
        BucketAccess.Require(_store, context);
        var query = context.Request.Query;
        var prefix = query.Get("prefix") ?? string.Empty;
        var delimiter = query.Get("delimiter");
        var keyMarker = query.Get("key-marker");
        var uploadIdMarker = query.Get("upload-id-marker");
        var maxUploads = ListingParameters.ParseMax(query.Get("max-uploads"), "max-uploads", 1000);
        var url = ListingParameters.ParseEncodingType(query.Get("encoding-type"));
        var listing = _store.ListUploads(context.Bucket, prefix, delimiter, keyMarker, uploadIdMarker, maxUploads);
        string Encode(string value) => url ? ListingParameters.UrlEncode(value) : value;
        return XmlResponse.WriteAsync(context.Response, "ListMultipartUploadsResult", w =>
        {
            XmlResponse.Element(w, "Bucket", context.Bucket);
            XmlResponse.Element(w, "KeyMarker", Encode(keyMarker ?? string.Empty));
            XmlResponse.Element(w, "UploadIdMarker", uploadIdMarker ?? string.Empty);
            XmlResponse.Element(w, "NextKeyMarker", Encode(listing.NextKeyMarker ?? string.Empty));
            XmlResponse.Element(w, "NextUploadIdMarker", listing.NextUploadIdMarker ?? string.Empty);
            if (!string.IsNullOrEmpty(delimiter))
            {
                XmlResponse.Element(w, "Delimiter", Encode(delimiter));
            }

            XmlResponse.Element(w, "Prefix", Encode(prefix));
            XmlResponse.Element(w, "MaxUploads", maxUploads);
            XmlResponse.Element(w, "IsTruncated", listing.IsTruncated);
            if (url)
            {
                XmlResponse.Element(w, "EncodingType", "url");
            }

            foreach (var upload in listing.Uploads)
            {
                w.WriteStartElement("Upload");
                XmlResponse.Element(w, "Key", Encode(upload.Key));
                XmlResponse.Element(w, "UploadId", upload.UploadId);
                WriteUser(w, "Initiator", upload.Owner);
                WriteUser(w, "Owner", upload.Owner);
                XmlResponse.Element(w, "StorageClass", upload.Metadata.StorageClass);
                XmlResponse.Element(w, "Initiated", upload.Initiated);
                if (upload.ChecksumAlgorithm is { } a)
                {
                    XmlResponse.Element(w, "ChecksumAlgorithm", ObjectStore.AlgorithmName(a));
                    XmlResponse.Element(w, "ChecksumType", upload.ChecksumType);
                }

                w.WriteEndElement();
            }

            foreach (var common in listing.CommonPrefixes)
            {
                w.WriteStartElement("CommonPrefixes");
                XmlResponse.Element(w, "Prefix", Encode(common));
                w.WriteEndElement();
            }
        });
    }

    private ObjectRecord Assemble(
        S3Context context, UploadRecord upload, IReadOnlyList<UploadPartRecord> stored, IReadOnlyList<RequestedPart> requested,
        (ChecksumAlgorithm Algorithm, string Value)? fullChecksum)
    {
        var byNumber = stored.ToDictionary(p => p.PartNumber);
        var chosen = new List<UploadPartRecord>(requested.Count);
        var previous = 0;
        foreach (var part in requested)
        {
            if (part.PartNumber <= previous)
            {
                throw new S3Exception(S3ErrorCatalog.InvalidPartOrder, null, S3Exception.Detail("UploadId", upload.UploadId));
            }

            previous = part.PartNumber;
            if (!byNumber.TryGetValue(part.PartNumber, out var found) || found.ETag != part.ETag.Trim().Trim('"') ||
                (part.Checksum is not null && found.Checksum is not null && part.Checksum != found.Checksum))
            {
                throw new S3Exception(S3ErrorCatalog.InvalidPart, null, S3Exception.Detail("UploadId", upload.UploadId),
                    S3Exception.Detail("PartNumber", part.PartNumber.ToString(CultureInfo.InvariantCulture)), S3Exception.Detail("ETag", part.ETag));
            }

            chosen.Add(found);
        }

        for (var i = 0; i < chosen.Count - 1; i++)
        {
            if (chosen[i].Size < _options.MinPartBytes)
            {
                throw new S3Exception(S3ErrorCatalog.EntityTooSmall, null,
                    S3Exception.Detail("ProposedSize", chosen[i].Size.ToString(CultureInfo.InvariantCulture)),
                    S3Exception.Detail("MinSizeAllowed", _options.MinPartBytes.ToString(CultureInfo.InvariantCulture)),
                    S3Exception.Detail("PartNumber", chosen[i].PartNumber.ToString(CultureInfo.InvariantCulture)),
                    S3Exception.Detail("ETag", "\"" + chosen[i].ETag + "\""));
            }
        }

        var checksum = MultipartChecksums.Checksum(upload, chosen);
        if (fullChecksum is { } claimed && (checksum is null || checksum.Algorithm != claimed.Algorithm || checksum.Value != claimed.Value))
        {
            throw new S3Exception(S3ErrorCatalog.BadDigest,
                $"The {ObjectStore.AlgorithmName(claimed.Algorithm)} you specified for the multipart upload did not match the calculated checksum.");
        }

        var offset = 0L;
        var parts = new List<ObjectPart>(chosen.Count);
        foreach (var part in chosen)
        {
            parts.Add(new ObjectPart(part.PartNumber, part.BlobId, part.Size, offset, part.ETag, part.Checksum));
            offset += part.Size;
        }

        return new ObjectRecord
        {
            Bucket = upload.Bucket,
            Key = upload.Key,
            Size = offset,
            ETag = MultipartChecksums.ETag(chosen),
            LastModified = context.Now,
            Owner = upload.Owner,
            Parts = parts,
            PartsCount = parts.Count,
            Metadata = upload.Metadata,
            Checksum = checksum,
            Encryption = upload.Encryption,
            Acl = upload.Acl,
        };
    }

    private static List<RequestedPart> ParseCompletion(byte[] body)
    {
        var document = RequestXml.Parse(body, "CompleteMultipartUpload");
        var parts = new List<RequestedPart>();
        foreach (var element in RequestXml.Children(document, "Part"))
        {
            if (!int.TryParse(RequestXml.Value(element, "PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ||
                RequestXml.Value(element, "ETag") is not { } etag)
            {
                throw new S3Exception(S3ErrorCatalog.MalformedXML);
            }

            var checksum = element.Elements().FirstOrDefault(e => e.Name.LocalName.StartsWith("Checksum", StringComparison.Ordinal) && e.Name.LocalName != "ChecksumType")?.Value;
            parts.Add(new RequestedPart(number, etag, string.IsNullOrEmpty(checksum) ? null : checksum));
        }

        return parts.Count > 0 ? parts : throw new S3Exception(S3ErrorCatalog.MalformedXML, "You must specify at least one part.");
    }

    /// <summary>A full-object checksum header sent with CompleteMultipartUpload, verified against the combined value.</summary>
    private static (ChecksumAlgorithm, string)? FullObjectChecksumHeader(S3Context context)
    {
        foreach (var algorithm in new[] { ChecksumAlgorithm.Crc32, ChecksumAlgorithm.Crc32C, ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Sha1, ChecksumAlgorithm.Sha256 })
        {
            var value = context.Header(PayloadChecksum.HeaderNameOf(algorithm));
            if (value.Length > 0)
            {
                return (algorithm, value);
            }
        }

        return null;
    }

    private (string UploadId, int PartNumber) PartAddress(S3Context context)
    {
        var query = context.Request.Query;
        var uploadId = query.Get("uploadId") ?? throw new S3Exception(S3ErrorCatalog.InvalidRequest, "UploadPart needs uploadId and partNumber.");
        var partNumber = ObjectHandler.ParsePartNumber(query.Get("partNumber") ?? string.Empty, _options.MaxPartsPerUpload)!.Value;
        return (uploadId, partNumber);
    }

    /// <summary>The part's checksum in the upload's algorithm (computed while streaming when the client sent none).</summary>
    private static string? PartChecksum(UploadRecord upload, PayloadDigest digest) =>
        upload.ChecksumAlgorithm is { } algorithm && digest.Checksum is { } checksum && checksum.Algorithm == algorithm ? checksum.Value : null;

    private static (long Start, long Length) CopyRange(string header, long size)
    {
        if (header.Length == 0)
        {
            return (0, size);
        }

        var spec = header.StartsWith("bytes=", StringComparison.Ordinal) ? header["bytes=".Length..] : null;
        var dash = spec?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (spec is null || dash <= 0 ||
            !long.TryParse(spec.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var first) ||
            !long.TryParse(spec.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last) || last < first)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument,
                "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
                S3Exception.Detail("ArgumentName", "x-amz-copy-source-range"), S3Exception.Detail("ArgumentValue", header));
        }

        if (last >= size)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRange, $"Range specified is not valid for source object of size: {size}",
                S3Exception.Detail("RangeRequested", header), S3Exception.Detail("ActualObjectSize", size.ToString(CultureInfo.InvariantCulture)));
        }

        return (first, last - first + 1);
    }

    /// <summary>Parts of an SSE-C upload must carry the upload's key again (same MD5); other uploads must not carry one.</summary>
    private CustomerKey? UploadKey(S3Context context, UploadRecord upload)
    {
        var presented = ServerSideEncryption.CustomerKeyOf(context, _options.Encryption, copySource: false);
        if (upload.Encryption is { IsCustomerKey: true } encryption)
        {
            if (presented is null || presented.Md5 != encryption.CustomerKeyMd5)
            {
                throw new S3Exception(S3ErrorCatalog.InvalidRequest,
                    "The multipart upload was initiated with SSE-C: every part must carry the same customer key.");
            }

            return presented;
        }

        return presented is null ? null : throw new S3Exception(S3ErrorCatalog.InvalidRequest, "The encryption parameters are not applicable to this upload.");
    }

    private static string NewUploadId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(36)).Replace('+', '-').Replace('/', '_');

    private static void WriteUser(XmlWriter w, string element, string userName)
    {
        w.WriteStartElement(element);
        XmlResponse.Element(w, "ID", OriginPrincipal.CanonicalIdOf(userName));
        XmlResponse.Element(w, "DisplayName", userName);
        w.WriteEndElement();
    }

    private sealed record RequestedPart(int PartNumber, string ETag, string? Checksum);
}
