using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
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

    public Task GetAsync(S3Context context) =>
        BucketSettingDocument.GetAsync(_store, context, BucketSettings.Cors, S3ErrorCatalog.NoSuchCORSConfiguration);

    public Task PutAsync(S3Context context) =>
        BucketSettingDocument.PutAsync(_store, context, _options, BucketSettings.Cors, static (body, _) => CorsConfiguration.Parse(body).ToXml());

    public Task DeleteAsync(S3Context context) =>
        BucketSettingDocument.DeleteAsync(_store, context, BucketSettings.Cors);

    /// <summary>OPTIONS on a bucket or object: not authenticated, not authorised by policy, only by the CORS rules.</summary>
    public Task PreflightAsync(S3Context context)
    {
        CorsResponder.Preflight(context.Http, BucketAccess.Find(_store, context.Bucket));
        return Task.CompletedTask;
    }
}
