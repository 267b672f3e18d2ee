using System.Text;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Policies;

/// <summary>GetBucketPolicy, PutBucketPolicy, DeleteBucketPolicy and GetBucketPolicyStatus. A policy that does not
/// parse or validate is refused with MalformedPolicy and the reason; the policy in force stays as it was.</summary>
internal sealed class BucketPolicyHandler
{
    private readonly ObjectStore _store;
    private readonly OriginCredentialStore _credentials;

    public BucketPolicyHandler(ObjectStore store, OriginCredentialStore credentials)
    {
        _store = store;
        _credentials = credentials;
    }

    public async Task GetAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var policy = bucket.Settings.Get(BucketSettings.Policy)
            ?? throw new S3Exception(S3ErrorCatalog.NoSuchBucketPolicy, null, S3Exception.Detail("BucketName", bucket.Name));
        var bytes = Encoding.UTF8.GetBytes(policy);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.Aborted).ConfigureAwait(false);
    }

    public async Task PutAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var body = await RequestBody.ReadSmallAsync(context, PolicyParser.MaxPolicyBytes + 1024).ConfigureAwait(false);
        string json;
        try
        {
            json = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedPolicy, "Policies must be valid JSON and the first byte must be '{'");
        }

        var policy = PolicyParser.Parse(json, bucket.Name, _credentials.IsKnownUserArn);
        if (policy.IsPublic && PublicAccessBlocks.Of(bucket).BlockPublicPolicy)
        {
            throw new S3Exception(S3ErrorCatalog.AccessDenied,
                "Access Denied: Block Public Access (BlockPublicPolicy) refuses public bucket policies on this bucket.");
        }

        await _store.PutBucketSettingAsync(bucket.Name, BucketSettings.Policy, json, context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public async Task DeleteAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        await _store.PutBucketSettingAsync(bucket.Name, BucketSettings.Policy, null, context.Now, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public Task GetStatusAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var policy = BucketPolicies.Of(bucket)
            ?? throw new S3Exception(S3ErrorCatalog.NoSuchBucketPolicy, null, S3Exception.Detail("BucketName", bucket.Name));
        return XmlResponse.WriteAsync(context.Response, "PolicyStatus", w => XmlResponse.Element(w, "IsPublic", policy.IsPublic));
    }
}
