using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Objects;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Tagging;

/// <summary>Object tagging (Get/Put/DeleteObjectTagging, per version) and bucket tagging (Get/Put/DeleteBucketTagging).
/// Lifecycle rules filter on object tags.</summary>
internal sealed class TaggingHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;

    public TaggingHandler(ObjectStore store, IOptions<OriginOptions> options)
    {
        _store = store;
        _options = options.Value;
    }

    public Task GetObjectTaggingAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var versionId = context.VersionId;
        var obj = _store.FindObject(context.Bucket, context.Key, versionId) ?? throw context.Authorizer.Missing(context, bucket, context.Key, versionId);
        if (obj.IsDeleteMarker)
        {
            throw ObjectHandler.DeleteMarkerAnswer(context, bucket, obj, versionId);
        }

        ObjectResponseHeaders.WriteVersion(context.Response, obj.VersionId, bucket);
        return XmlResponse.WriteAsync(context.Response, "Tagging", w => TagSet.Write(w, obj.Metadata.TagSet));
    }

    public async Task PutObjectTaggingAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var body = await RequestBody.ReadSmallAsync(context, _options.MaxXmlBodyBytes).ConfigureAwait(false);
        var tags = TagSet.FromXml(body, TagSet.MaxObjectTags);
        var changed = await UpdateAsync(context, bucket, o => o with { Metadata = o.Metadata with { Tags = tags } }).ConfigureAwait(false);
        ObjectResponseHeaders.WriteVersion(context.Response, changed.VersionId, bucket);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    public async Task DeleteObjectTaggingAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var changed = await UpdateAsync(context, bucket, o => o with { Metadata = o.Metadata with { Tags = null } }).ConfigureAwait(false);
        ObjectResponseHeaders.WriteVersion(context.Response, changed.VersionId, bucket);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public Task GetBucketTaggingAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var stored = bucket.Settings.Get(BucketSettings.Tagging)
            ?? throw new S3Exception(S3ErrorCatalog.NoSuchTagSet, null, S3Exception.Detail("BucketName", bucket.Name));
        return XmlDocuments.WriteResponseAsync(context.Response, stored);
    }

    public async Task PutBucketTaggingAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var body = await RequestBody.ReadSmallAsync(context, _options.MaxXmlBodyBytes).ConfigureAwait(false);
        var tags = TagSet.FromXml(body, TagSet.MaxBucketTags);
        var document = XmlDocuments.Write("Tagging", w => TagSet.Write(w, tags));
        await _store.PutBucketSettingAsync(bucket.Name, BucketSettings.Tagging, document, context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public async Task DeleteBucketTaggingAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        await _store.PutBucketSettingAsync(bucket.Name, BucketSettings.Tagging, null, context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task<ObjectRecord> UpdateAsync(S3Context context, BucketRecord bucket, Func<ObjectRecord, ObjectRecord> change)
    {
        var versionId = context.VersionId;
        if (_store.FindObject(context.Bucket, context.Key, versionId) is not { } found)
        {
            throw context.Authorizer.Missing(context, bucket, context.Key, versionId);
        }

        if (found.IsDeleteMarker)
        {
            throw ObjectHandler.DeleteMarkerAnswer(context, bucket, found, versionId);
        }

        return await _store.UpdateObjectAsync(context.Bucket, context.Key, versionId, change, context.Aborted).ConfigureAwait(false);
    }
}
