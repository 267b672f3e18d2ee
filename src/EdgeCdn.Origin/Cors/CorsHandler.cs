using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Cors;

/// <summary>GetBucketCors, PutBucketCors, DeleteBucketCors, and CORS preflight requests (OPTIONS).</summary>
internal sealed class CorsHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;

    public CorsHandler(ObjectStore store, IOptions<OriginOptions> options)
    {
        _store = store;
        _options = options.Value;
    }

    public Task GetAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var stored = bucket.Settings.Get(BucketSettings.Cors)
            ?? throw new S3Exception(S3ErrorCatalog.NoSuchCORSConfiguration, null, S3Exception.Detail("BucketName", bucket.Name));
        return XmlDocuments.WriteResponseAsync(context.Response, stored);
    }

    public async Task PutAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var body = await RequestBody.ReadSmallAsync(context, _options.MaxXmlBodyBytes).ConfigureAwait(false);
        var configuration = CorsConfiguration.Parse(body);
        await _store.PutBucketSettingAsync(bucket.Name, BucketSettings.Cors, configuration.ToXml(), context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    public async Task DeleteAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        await _store.PutBucketSettingAsync(bucket.Name, BucketSettings.Cors, null, context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>OPTIONS on a bucket or object: not authenticated, not authorised by policy, only by the CORS rules.</summary>
    public Task PreflightAsync(S3Context context)
    {
        CorsResponder.Preflight(context.Http, BucketAccess.Find(_store, context.Bucket));
        return Task.CompletedTask;
    }
}
