using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Website;

/// <summary>GetBucketWebsite, PutBucketWebsite, DeleteBucketWebsite.</summary>
internal sealed class WebsiteConfigurationHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;

    public WebsiteConfigurationHandler(ObjectStore store, IOptions<OriginOptions> options)
    {
        _store = store;
        _options = options.Value;
    }

    public Task GetAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var stored = bucket.Settings.Get(BucketSettings.Website)
            ?? throw new S3Exception(S3ErrorCatalog.NoSuchWebsiteConfiguration, null, S3Exception.Detail("BucketName", bucket.Name));
        return XmlDocuments.WriteResponseAsync(context.Response, stored);
    }

    public async Task PutAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var body = await RequestBody.ReadSmallAsync(context, _options.MaxXmlBodyBytes).ConfigureAwait(false);
        var configuration = WebsiteConfiguration.Parse(body);
        await _store.PutBucketSettingAsync(bucket.Name, BucketSettings.Website, configuration.ToXml(), context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    public async Task DeleteAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        await _store.PutBucketSettingAsync(bucket.Name, BucketSettings.Website, null, context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
