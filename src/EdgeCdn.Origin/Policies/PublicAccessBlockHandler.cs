using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Policies;

/// <summary>GetPublicAccessBlock, PutPublicAccessBlock, DeletePublicAccessBlock (bucket level; new buckets start with
/// all four flags on).</summary>
internal sealed class PublicAccessBlockHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;

    public PublicAccessBlockHandler(ObjectStore store, IOptions<OriginOptions> options)
    {
        _store = store;
        _options = options.Value;
    }

    public Task GetAsync(S3Context context) =>
        BucketSettingDocument.GetAsync(_store, context, BucketSettings.PublicAccessBlock, S3ErrorCatalog.NoSuchPublicAccessBlockConfiguration);

    public Task PutAsync(S3Context context) =>
        BucketSettingDocument.PutAsync(_store, context, _options, BucketSettings.PublicAccessBlock, static (body, _) => PublicAccessBlock.Parse(RequestXml.Parse(body, "PublicAccessBlockConfiguration")).ToXml());

    public Task DeleteAsync(S3Context context) =>
        BucketSettingDocument.DeleteAsync(_store, context, BucketSettings.PublicAccessBlock);
}
