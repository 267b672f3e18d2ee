using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;
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

    public Task GetAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var stored = bucket.Settings.Get(BucketSettings.PublicAccessBlock)
            ?? throw new S3Exception(S3ErrorCatalog.NoSuchPublicAccessBlockConfiguration, null, S3Exception.Detail("BucketName", bucket.Name));
        return XmlDocuments.WriteResponseAsync(context.Response, stored);
    }

    public async Task PutAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var body = await RequestBody.ReadSmallAsync(context, _options.MaxXmlBodyBytes).ConfigureAwait(false);
        var block = PublicAccessBlock.Parse(RequestXml.Parse(body, "PublicAccessBlockConfiguration"));
        await _store.PutBucketSettingAsync(bucket.Name, BucketSettings.PublicAccessBlock, block.ToXml(), context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    public async Task DeleteAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        await _store.PutBucketSettingAsync(bucket.Name, BucketSettings.PublicAccessBlock, null, context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
