using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
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

    public Task GetAsync(S3Context context) =>
        BucketSettingDocument.GetAsync(_store, context, BucketSettings.Website, S3ErrorCatalog.NoSuchWebsiteConfiguration);

    public Task PutAsync(S3Context context) =>
        BucketSettingDocument.PutAsync(_store, context, _options, BucketSettings.Website, static (body, _) => WebsiteConfiguration.Parse(body).ToXml());

    public Task DeleteAsync(S3Context context) =>
        BucketSettingDocument.DeleteAsync(_store, context, BucketSettings.Website);
}
