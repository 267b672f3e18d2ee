using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Payload;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Routing;
using EdgeCdn.Origin.Storage;
using EdgeCdn.Origin.Versioning;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Objects;

/// <summary>DeleteObjects (POST ?delete): up to 1,000 keys or versions in one request and one transaction, each
/// authorised on its own (s3:DeleteObject, or s3:DeleteObjectVersion with a VersionId); Quiet reports only errors.</summary>
internal sealed class DeleteObjectsHandler
{
    private const int MaxKeys = 1000;
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;

    public DeleteObjectsHandler(ObjectStore store, IOptions<OriginOptions> options)
    {
        _store = store;
        _options = options.Value;
    }

    public async Task HandleAsync(S3Context context)
    {
        var bucket = BucketAccess.Find(_store, context.Bucket);
        var payload = RequestPayload.Open(context.HttpRequest, context.Signature, _options.MaxXmlBodyBytes, requireLength: false);
        var body = await payload.ReadSmallAsync(_options.MaxXmlBodyBytes, context.Aborted).ConfigureAwait(false);
        var document = RequestXml.Parse(body, "Delete");
        var quiet = string.Equals(RequestXml.Value(document, "Quiet")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        var entries = RequestXml.Children(document, "Object").ToList();
        if (entries.Count is 0 or > MaxKeys)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        var valid = new List<(string Key, string? VersionId)>();
        var errors = new List<(string Key, string? VersionId, string Code, string Message)>();
        foreach (var entry in entries)
        {
            var key = RequestXml.Value(entry, "Key") ?? throw new S3Exception(S3ErrorCatalog.MalformedXML);
            var versionId = RequestXml.Value(entry, "VersionId") is { Length: > 0 } v ? v : null;
            try
            {
                S3RequestParser.CheckKey(key);
                if (versionId is not null)
                {
                    VersionIds.Check(versionId);
                }

                context.Authorizer.Authorize(context, bucket, versionId is null ? "s3:DeleteObject" : "s3:DeleteObjectVersion", key);
                valid.Add((key, versionId));
            }
            catch (S3Exception e)
            {
                errors.Add((key, versionId, e.Code, e.Message));
            }
        }

        IReadOnlyList<DeleteOutcome> outcomes = [];
        if (valid.Count > 0)
        {
            outcomes = await _store.DeleteObjectsAsync(context.Bucket, valid, context.Now, ObjectHandler.OwnerOfNewObject(context, bucket), context.Aborted)
                .ConfigureAwait(false);
        }

        await XmlResponse.WriteAsync(context.Response, "DeleteResult", w =>
        {
            if (!quiet)
            {
                for (var i = 0; i < valid.Count; i++)
                {
                    var (key, versionId) = valid[i];
                    var outcome = outcomes[i];
                    w.WriteStartElement("Deleted");
                    XmlResponse.Element(w, "Key", key);
                    if (versionId is not null)
                    {
                        XmlResponse.Element(w, "VersionId", versionId);
                    }

                    if (outcome.DeleteMarker)
                    {
                        XmlResponse.Element(w, "DeleteMarker", true);
                        XmlResponse.Element(w, "DeleteMarkerVersionId", outcome.VersionId);
                    }

                    w.WriteEndElement();
                }
            }

            foreach (var (key, versionId, code, message) in errors)
            {
                w.WriteStartElement("Error");
                XmlResponse.Element(w, "Key", key);
                if (versionId is not null)
                {
                    XmlResponse.Element(w, "VersionId", versionId);
                }

                XmlResponse.Element(w, "Code", code);
                XmlResponse.Element(w, "Message", message);
                w.WriteEndElement();
            }
        }).ConfigureAwait(false);
    }
}
