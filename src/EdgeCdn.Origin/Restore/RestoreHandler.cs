using System.Globalization;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Objects;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Restore;

/// <summary>
/// RestoreObject (POST ?restore with a RestoreRequest and Days): for GLACIER and DEEP_ARCHIVE objects, 202 when a
/// restore starts (ready after the class's configured delay), 409 RestoreAlreadyInProgress while it runs, 200 once
/// restored (the expiry moves to now + Days, rounded up to midnight UTC). The restored copy is readable until then;
/// the decision is taken inside the metadata transaction, so two concurrent requests cannot both start one.
/// </summary>
internal sealed partial class RestoreHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;
    private readonly ILogger _logger;

    public RestoreHandler(ObjectStore store, IOptions<OriginOptions> options, ILogger<RestoreHandler> logger)
    {
        _store = store;
        _options = options.Value;
        _logger = logger;
    }

    public async Task RestoreAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var body = await RequestBody.ReadSmallAsync(context, _options.MaxXmlBodyBytes).ConfigureAwait(false);
        var root = RequestXml.Parse(body, "RestoreRequest");
        var daysText = RequestXml.Value(root, "Days");
        if (daysText is null || !int.TryParse(daysText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days < 1)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML, "RestoreRequest needs Days, a positive whole number of days.");
        }

        var tier = RequestXml.Children(root, "GlacierJobParameters").Select(p => RequestXml.Value(p, "Tier")?.Trim()).FirstOrDefault();
        if (tier is not (null or "Standard" or "Bulk" or "Expedited"))
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        var versionId = context.VersionId;
        var found = _store.FindObject(context.Bucket, context.Key, versionId);
        if (found is null || found.IsDeleteMarker)
        {
            throw context.Authorizer.Missing(context, bucket, context.Key, versionId);
        }

        var now = context.Now;
        var status = StatusCodes.Status202Accepted;
        var changed = await _store.UpdateObjectAsync(context.Bucket, context.Key, versionId, obj =>
        {
            if (!StorageClasses.IsArchive(obj.Metadata.StorageClass))
            {
                throw new S3Exception(S3ErrorCatalog.InvalidObjectState, "Restore is not allowed for the object's current storage class",
                    S3Exception.Detail("StorageClass", obj.Metadata.StorageClass));
            }

            if (StorageClasses.RestoreInProgress(obj, now))
            {
                throw new S3Exception(S3ErrorCatalog.RestoreAlreadyInProgress);
            }

            if (StorageClasses.IsRestored(obj, now))
            {
                status = StatusCodes.Status200OK;
                return obj with { RestoreExpiry = StorageClasses.AddDaysToMidnight(now, days) };
            }

            var ready = now + (obj.Metadata.StorageClass == StorageClasses.DeepArchive ? _options.Restore.DeepArchiveDelay : _options.Restore.GlacierDelay);
            return obj with { RestoreReady = ready, RestoreExpiry = StorageClasses.AddDaysToMidnight(ready, days) };
        }, context.Aborted).ConfigureAwait(false);
        Log.Restore(_logger, context.RequestId, bucket.Name, status, changed.RestoreReady, changed.RestoreExpiry);
        ObjectResponseHeaders.WriteVersion(context.Response, changed.VersionId, bucket);
        context.Response.StatusCode = status;
        context.Response.ContentLength = 0;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{RequestId} restore in {Bucket}: {Status}, readable from {Ready} until {Expiry}")]
        public static partial void Restore(ILogger logger, string requestId, string bucket, int status, DateTimeOffset? ready, DateTimeOffset? expiry);
    }
}
