using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Routing;
using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Auth;

/// <summary>
/// The authorisation step that follows authentication. Today: anonymous requests are denied; a bucket is used by
/// its owner and the root user. Bucket policies, block-public-access and the CloudFront-like service principal the
/// edges sign as (a later issue) slot in here: <see cref="AuthorizeBucket"/> receives the operation, the bucket and
/// the key, which is what a policy evaluation needs.
/// </summary>
internal static class AccessPolicy
{
    /// <summary>Before any bucket lookup: only signed requests get further.</summary>
    public static OriginPrincipal RequireAuthenticated(OriginPrincipal? principal) =>
        principal ?? throw new S3Exception(S3ErrorCatalog.AccessDenied);

    /// <summary>After the bucket lookup: may <paramref name="principal"/> perform <paramref name="operation"/> here?</summary>
    public static void AuthorizeBucket(OriginPrincipal principal, S3Operation operation, BucketRecord bucket, string? key)
    {
        _ = operation;
        _ = key;
        if (!principal.IsAdministrator && !string.Equals(principal.UserName, bucket.Owner, StringComparison.Ordinal))
        {
            throw new S3Exception(S3ErrorCatalog.AccessDenied);
        }
    }
}
