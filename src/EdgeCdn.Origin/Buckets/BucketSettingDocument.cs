using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Buckets;

/// <summary>
/// Get, put and delete of a bucket configuration kept as one stored document (?cors, ?lifecycle, ?website,
/// ?publicAccessBlock, ?ownershipControls, ?encryption): S3 answers them all the same way — the stored XML, or the
/// configuration's own "no such" error; 200 with no body after a put that validated; 204 after a delete. A document
/// that does not validate throws before anything is stored, so the previous configuration stays in force.
/// </summary>
internal static class BucketSettingDocument
{
    public static Task GetAsync(ObjectStore store, S3Context context, string setting, S3ErrorDefinition missing)
    {
        var bucket = BucketAccess.Require(store, context);
        var stored = bucket.Settings.Get(setting) ?? throw new S3Exception(missing, null, S3Exception.Detail("BucketName", bucket.Name));
        return XmlDocuments.WriteResponseAsync(context.Response, stored);
    }

    /// <param name="validate">Parses and checks the request body; returns what to store.</param>
    public static async Task PutAsync(ObjectStore store, S3Context context, OriginOptions options, string setting, Func<byte[], BucketRecord, string> validate)
    {
        var bucket = BucketAccess.Require(store, context);
        var body = await RequestBody.ReadSmallAsync(context, options.MaxXmlBodyBytes).ConfigureAwait(false);
        var document = validate(body, bucket);
        await store.PutBucketSettingAsync(bucket.Name, setting, document, context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    public static async Task DeleteAsync(ObjectStore store, S3Context context, string setting)
    {
        var bucket = BucketAccess.Require(store, context);
        await store.PutBucketSettingAsync(bucket.Name, setting, null, context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
