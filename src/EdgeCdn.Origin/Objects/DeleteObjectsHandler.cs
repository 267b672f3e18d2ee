using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Payload;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Routing;
using EdgeCdn.Origin.Storage;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Objects;

/// <summary>DeleteObjects (POST ?delete): up to 1,000 keys in one request and one transaction; Quiet reports only errors.</summary>
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
        BucketAccess.Require(_store, context);
        var payload = RequestPayload.Open(context.HttpRequest, context.Signature, _options.MaxXmlBodyBytes, requireLength: false);
        var body = await payload.ReadSmallAsync(_options.MaxXmlBodyBytes, context.Aborted).ConfigureAwait(false);
        var document = RequestXml.Parse(body, "Delete");
        var quiet = string.Equals(RequestXml.Value(document, "Quiet")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        var entries = RequestXml.Children(document, "Object").ToList();
        if (entries.Count is 0 or > MaxKeys)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        var valid = new List<string>();
        var errors = new List<(string Key, string Code, string Message)>();
        foreach (var entry in entries)
        {
            var key = RequestXml.Value(entry, "Key") ?? throw new S3Exception(S3ErrorCatalog.MalformedXML);
            var versionId = RequestXml.Value(entry, "VersionId");
            if (versionId is { Length: > 0 } && versionId != "null")
            {
                errors.Add((key, "NoSuchVersion", "The specified version does not exist."));
                continue;
            }

            try
            {
                S3RequestParser.CheckKey(key);
                valid.Add(key);
            }
            catch (S3Exception e)
            {
                errors.Add((key, e.Code, e.Message));
            }
        }

        if (valid.Count > 0)
        {
            await _store.DeleteObjectsAsync(context.Bucket, valid, context.Aborted).ConfigureAwait(false);
        }

        await XmlResponse.WriteAsync(context.Response, "DeleteResult", w =>
        {
            if (!quiet)
            {
                foreach (var key in valid)
                {
                    w.WriteStartElement("Deleted");
                    XmlResponse.Element(w, "Key", key);
                    w.WriteEndElement();
                }
            }

            foreach (var (key, code, message) in errors)
            {
                w.WriteStartElement("Error");
                XmlResponse.Element(w, "Key", key);
                XmlResponse.Element(w, "Code", code);
                XmlResponse.Element(w, "Message", message);
                w.WriteEndElement();
            }
        }).ConfigureAwait(false);
    }
}
