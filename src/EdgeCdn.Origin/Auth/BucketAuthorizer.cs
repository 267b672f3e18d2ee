using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Acls;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Policies;
using EdgeCdn.Origin.Storage;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.Origin.Auth;

/// <summary>
/// The authorisation step after authentication, S3's way: the bucket policy is evaluated first and an explicit Deny
/// refuses anyone (except that the owner may always manage the policy itself, so a policy cannot lock its bucket
/// away); the bucket's owner and the root user may do everything else; a policy Allow grants the rest, unless it is
/// a public grant and Block Public Access restricts public buckets; finally ACL grants, when the bucket's object
/// ownership keeps ACLs on (public grants ignored under IgnorePublicAcls). Object ACLs are checked once the object is
/// loaded (<see cref="AuthorizeObject"/>). Anything else is AccessDenied.
/// </summary>
internal sealed partial class BucketAuthorizer
{
    private readonly ILogger _logger;

    public BucketAuthorizer(ILogger<BucketAuthorizer> logger)
    {
        _logger = logger;
    }

    /// <summary>May the caller do <paramref name="action"/> on <paramref name="bucket"/> (or on <paramref name="key"/>
    /// in it)? Throws AccessDenied; when only the object's ACL can still allow it, marks the context so that
    /// <see cref="AuthorizeObject"/> decides.</summary>
    public void Authorize(S3Context context, BucketRecord bucket, string action, string? key)
    {
        switch (Decide(context, bucket, action, key))
        {
            case Decision.Allowed:
                return;
            case Decision.ObjectAcl:
                context.PendingObjectPermission = AclPermission(action)!.Value.Permission;
                return;
            default:
                Log.Denied(_logger, context.RequestId, context.Principal.Kind, action, bucket.Name);
                throw new S3Exception(S3ErrorCatalog.AccessDenied);
        }
    }

    /// <summary>Without throwing: whether the caller may do <paramref name="action"/> (object ACLs not consulted).</summary>
    public bool IsAllowed(S3Context context, BucketRecord bucket, string action, string? key)
    {
        var allowed = Decide(context, bucket, action, key) == Decision.Allowed;
        if (!allowed)
        {
            Log.NotAllowed(_logger, context.RequestId, context.Principal.Kind, action, bucket.Name);
        }

        return allowed;
    }

    /// <summary>The object-level half of an ACL decision left open by <see cref="Authorize"/>.</summary>
    public void AuthorizeObject(S3Context context, BucketRecord bucket, ObjectRecord obj)
    {
        if (context.PendingObjectPermission is not { } permission)
        {
            return;
        }

        var principal = context.Principal;
        var allowed = (!principal.IsAnonymous && principal.CanonicalId == OriginPrincipal.CanonicalIdOf(obj.Owner)) ||
                      AccessControlList.Parse(obj.Acl).Allows(principal, permission, PublicAccessBlocks.Of(bucket).IgnorePublicAcls);
        if (!allowed)
        {
            Log.Denied(_logger, context.RequestId, principal.Kind, "object ACL " + permission, bucket.Name);
            throw new S3Exception(S3ErrorCatalog.AccessDenied);
        }

        context.PendingObjectPermission = null;
    }

    /// <summary>What a missing key answers: NoSuchKey to callers who may list the bucket, AccessDenied to others (so
    /// that a reader without s3:ListBucket cannot probe which keys exist), as S3 does.</summary>
    public S3Exception Missing(S3Context context, BucketRecord bucket, string key, string? versionId)
    {
        if (!IsAllowed(context, bucket, S3Actions.ListBucket, null))
        {
            return new S3Exception(S3ErrorCatalog.AccessDenied);
        }

        return versionId is null
            ? new S3Exception(S3ErrorCatalog.NoSuchKey, null, S3Exception.Detail("Key", key))
            : new S3Exception(S3ErrorCatalog.NoSuchVersion, null, S3Exception.Detail("Key", key), S3Exception.Detail("VersionId", versionId));
    }

    private static Decision Decide(S3Context context, BucketRecord bucket, string action, string? key)
    {
        var principal = context.Principal;
        var isOwner = principal.IsAdministrator || (principal.IsAccountUser && principal.UserName == bucket.Owner);
        var resource = key is null ? $"arn:aws:s3:::{bucket.Name}" : $"arn:aws:s3:::{bucket.Name}/{key}";
        var verdict = BucketPolicies.Of(bucket) is { } policy
            ? PolicyEvaluator.Evaluate(policy, principal, action, resource, new RequestConditionFacts(context))
            : PolicyVerdict.None;
        if (verdict.Effect == PolicyEffect.Deny && !(isOwner && S3Actions.IsPolicyManagement(action)))
        {
            return Decision.Denied;
        }

        if (isOwner)
        {
            return Decision.Allowed;
        }

        var block = PublicAccessBlocks.Of(bucket);
        if (verdict.Effect == PolicyEffect.Allow &&
            !(verdict.OnlyPublicGrants && block.RestrictPublicBuckets && !principal.IsAccountUser && !principal.IsService))
        {
            return Decision.Allowed;
        }

        if (!ObjectOwnership.AclsEnabled(bucket) || AclPermission(action) is not { } needed)
        {
            return Decision.Denied;
        }

        if (needed.OnObject)
        {
            return Decision.ObjectAcl;
        }

        var acl = ParsedAcl(bucket);
        return acl.Allows(principal, needed.Permission, block.IgnorePublicAcls) ? Decision.Allowed : Decision.Denied;
    }

    private static AccessControlList ParsedAcl(BucketRecord bucket) =>
        Buckets.ParsedSettings.Get(bucket.Settings, BucketSettings.Acl, AccessControlList.Parse) ?? AccessControlList.Private;

    /// <summary>The ACL permission that grants an action, and whether it is the object's ACL or the bucket's.</summary>
    private static (string Permission, bool OnObject)? AclPermission(string action) => action switch
    {
        "s3:ListBucket" or "s3:ListBucketVersions" or "s3:ListBucketMultipartUploads" => ("READ", false),
        "s3:PutObject" or "s3:DeleteObject" or "s3:DeleteObjectVersion" or "s3:AbortMultipartUpload" or "s3:ListMultipartUploadParts" => ("WRITE", false),
        "s3:GetBucketAcl" => ("READ_ACP", false),
        "s3:PutBucketAcl" => ("WRITE_ACP", false),
        "s3:GetObject" or "s3:GetObjectVersion" => ("READ", true),
        "s3:GetObjectAcl" or "s3:GetObjectVersionAcl" => ("READ_ACP", true),
        "s3:PutObjectAcl" or "s3:PutObjectVersionAcl" => ("WRITE_ACP", true),
        _ => null,
    };

    private enum Decision
    {
        Denied,
        Allowed,
        ObjectAcl,
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "{RequestId} {Principal} refused {Action} on bucket {Bucket}")]
        public static partial void Denied(ILogger logger, string requestId, PrincipalKind principal, string action, string bucket);

        [LoggerMessage(2, LogLevel.Debug, "{RequestId} {Principal} may not {Action} on bucket {Bucket}")]
        public static partial void NotAllowed(ILogger logger, string requestId, PrincipalKind principal, string action, string bucket);
    }
}
