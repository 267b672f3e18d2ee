using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Lifecycle;

/// <summary>GetBucketLifecycleConfiguration, PutBucketLifecycleConfiguration, DeleteBucketLifecycle. The rules take
/// effect through <see cref="LifecycleWorker"/>.</summary>
internal sealed class LifecycleHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;

    public LifecycleHandler(ObjectStore store, IOptions<OriginOptions> options)
    {
        _store = store;
        _options = options.Value;
    }

    public Task GetAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var stored = bucket.Settings.Get(BucketSettings.Lifecycle)
            ?? throw new S3Exception(S3ErrorCatalog.NoSuchLifecycleConfiguration, null, S3Exception.Detail("BucketName", bucket.Name));
        return XmlDocuments.WriteResponseAsync(context.Response, stored);
    }

    public async Task PutAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var body = await RequestBody.ReadSmallAsync(context, _options.MaxXmlBodyBytes).ConfigureAwait(false);
        var configuration = LifecycleParser.Parse(body);
        await _store.PutBucketSettingAsync(bucket.Name, BucketSettings.Lifecycle, configuration.ToXml(), context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    public async Task DeleteAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        await _store.PutBucketSettingAsync(bucket.Name, BucketSettings.Lifecycle, null, context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
