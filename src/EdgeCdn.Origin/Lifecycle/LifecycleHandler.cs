using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
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

    public Task GetAsync(S3Context context) =>
        BucketSettingDocument.GetAsync(_store, context, BucketSettings.Lifecycle, S3ErrorCatalog.NoSuchLifecycleConfiguration);

    public Task PutAsync(S3Context context) =>
        BucketSettingDocument.PutAsync(_store, context, _options, BucketSettings.Lifecycle, static (body, _) => LifecycleParser.Parse(body).ToXml());

    public Task DeleteAsync(S3Context context) =>
        BucketSettingDocument.DeleteAsync(_store, context, BucketSettings.Lifecycle);
}
