using System.Collections.Frozen;
using EdgeCdn.Origin.Routing;

namespace EdgeCdn.Origin.Policies;

/// <summary>
/// The IAM action each request needs (s3:GetObject, s3:ListBucket...) and what kind of resource every S3 action
/// applies to, which the policy parser uses to refuse statements whose actions fit none of their resources.
/// </summary>
internal static class S3Actions
{
    public const string GetObject = "s3:GetObject";
    public const string ListBucket = "s3:ListBucket";

    private static readonly string[] BucketActions =
    [
        "ListBucket", "ListBucketVersions", "ListBucketMultipartUploads", "GetBucketLocation", "CreateBucket", "DeleteBucket",
        "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy", "GetBucketPolicyStatus", "GetBucketVersioning", "PutBucketVersioning",
        "GetLifecycleConfiguration", "PutLifecycleConfiguration", "GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite",
        "GetBucketCORS", "PutBucketCORS", "GetEncryptionConfiguration", "PutEncryptionConfiguration", "GetBucketPublicAccessBlock",
        "PutBucketPublicAccessBlock", "GetBucketAcl", "PutBucketAcl", "GetBucketOwnershipControls", "PutBucketOwnershipControls",
        "GetBucketTagging", "PutBucketTagging", "GetBucketLogging", "PutBucketLogging", "GetBucketNotification", "PutBucketNotification",
        "GetReplicationConfiguration", "PutReplicationConfiguration", "GetAccelerateConfiguration", "PutAccelerateConfiguration",
        "GetBucketRequestPayment", "PutBucketRequestPayment", "GetBucketObjectLockConfiguration", "PutBucketObjectLockConfiguration",
        "GetAnalyticsConfiguration", "PutAnalyticsConfiguration", "GetInventoryConfiguration", "PutInventoryConfiguration",
        "GetMetricsConfiguration", "PutMetricsConfiguration", "GetIntelligentTieringConfiguration", "PutIntelligentTieringConfiguration",
    ];

    private static readonly string[] ObjectActions =
    [
        "GetObject", "GetObjectVersion", "PutObject", "DeleteObject", "DeleteObjectVersion", "GetObjectAcl", "GetObjectVersionAcl",
        "PutObjectAcl", "PutObjectVersionAcl", "GetObjectTagging", "GetObjectVersionTagging", "PutObjectTagging", "PutObjectVersionTagging",
        "DeleteObjectTagging", "DeleteObjectVersionTagging", "RestoreObject", "AbortMultipartUpload", "ListMultipartUploadParts",
        "GetObjectAttributes", "GetObjectVersionAttributes", "GetObjectRetention", "PutObjectRetention", "GetObjectLegalHold",
        "PutObjectLegalHold", "BypassGovernanceRetention", "GetObjectTorrent", "GetObjectVersionTorrent", "ReplicateObject",
        "ReplicateDelete", "ReplicateTags", "GetObjectVersionForReplication", "ObjectOwnerOverrideToBucketOwner",
    ];

    private static readonly string[] AccountActions = ["ListAllMyBuckets"];

    /// <summary>Every known action, lower-cased with its canonical spelling and resource kind.</summary>
    private static readonly FrozenDictionary<string, (string Name, ActionResource Resource)> Known =
        BucketActions.Select(a => (a, ActionResource.Bucket))
            .Concat(ObjectActions.Select(a => (a, ActionResource.Object)))
            .Concat(AccountActions.Select(a => (a, ActionResource.Account)))
            .ToFrozenDictionary(t => "s3:" + t.a.ToLowerInvariant(), t => ("s3:" + t.a, t.Item2), StringComparer.Ordinal);

    public static bool IsKnown(string action) => Known.ContainsKey(action.ToLowerInvariant());

    /// <summary>The resource kinds that actions matching <paramref name="pattern"/> apply to.</summary>
    public static IEnumerable<ActionResource> ResourcesOf(string pattern)
    {
        var lower = pattern.ToLowerInvariant();
        return Known.Where(k => WildcardPattern.Matches(lower, k.Key)).Select(k => k.Value.Resource).Distinct();
    }

    /// <summary>The action a request needs on its own bucket or key.</summary>
    public static string For(S3Request request)
    {
        var versioned = request.Query.Get("versionId") is not null;
        return request.Operation switch
        {
            S3Operation.ListBuckets => "s3:ListAllMyBuckets",
            S3Operation.CreateBucket => "s3:CreateBucket",
            S3Operation.DeleteBucket => "s3:DeleteBucket",
            S3Operation.HeadBucket or S3Operation.ListObjects or S3Operation.ListObjectsV2 => ListBucket,
            S3Operation.GetBucketLocation => "s3:GetBucketLocation",
            S3Operation.ListObjectVersions => "s3:ListBucketVersions",
            S3Operation.ListMultipartUploads => "s3:ListBucketMultipartUploads",
            S3Operation.PutObject or S3Operation.CopyObject or S3Operation.CreateMultipartUpload or S3Operation.UploadPart
                or S3Operation.UploadPartCopy or S3Operation.CompleteMultipartUpload => "s3:PutObject",
            S3Operation.GetObject or S3Operation.HeadObject => versioned ? "s3:GetObjectVersion" : GetObject,
            S3Operation.DeleteObject or S3Operation.DeleteObjects => versioned ? "s3:DeleteObjectVersion" : "s3:DeleteObject",
            S3Operation.AbortMultipartUpload => "s3:AbortMultipartUpload",
            S3Operation.ListParts => "s3:ListMultipartUploadParts",
            S3Operation.GetBucketVersioning => "s3:GetBucketVersioning",
            S3Operation.PutBucketVersioning => "s3:PutBucketVersioning",
            S3Operation.GetBucketPolicy => "s3:GetBucketPolicy",
            S3Operation.PutBucketPolicy => "s3:PutBucketPolicy",
            S3Operation.DeleteBucketPolicy => "s3:DeleteBucketPolicy",
            S3Operation.GetBucketPolicyStatus => "s3:GetBucketPolicyStatus",
            S3Operation.GetPublicAccessBlock => "s3:GetBucketPublicAccessBlock",
            S3Operation.PutPublicAccessBlock or S3Operation.DeletePublicAccessBlock => "s3:PutBucketPublicAccessBlock",
            S3Operation.GetBucketAcl => "s3:GetBucketAcl",
            S3Operation.PutBucketAcl => "s3:PutBucketAcl",
            S3Operation.GetObjectAcl => versioned ? "s3:GetObjectVersionAcl" : "s3:GetObjectAcl",
            S3Operation.PutObjectAcl => versioned ? "s3:PutObjectVersionAcl" : "s3:PutObjectAcl",
            S3Operation.GetBucketOwnershipControls => "s3:GetBucketOwnershipControls",
            S3Operation.PutBucketOwnershipControls or S3Operation.DeleteBucketOwnershipControls => "s3:PutBucketOwnershipControls",
            S3Operation.GetBucketEncryption => "s3:GetEncryptionConfiguration",
            S3Operation.PutBucketEncryption or S3Operation.DeleteBucketEncryption => "s3:PutEncryptionConfiguration",
            S3Operation.GetBucketLifecycleConfiguration => "s3:GetLifecycleConfiguration",
            S3Operation.PutBucketLifecycleConfiguration or S3Operation.DeleteBucketLifecycle => "s3:PutLifecycleConfiguration",
            S3Operation.GetBucketWebsite => "s3:GetBucketWebsite",
            S3Operation.PutBucketWebsite => "s3:PutBucketWebsite",
            S3Operation.DeleteBucketWebsite => "s3:DeleteBucketWebsite",
            S3Operation.GetBucketCors => "s3:GetBucketCORS",
            S3Operation.PutBucketCors or S3Operation.DeleteBucketCors => "s3:PutBucketCORS",
            S3Operation.GetBucketTagging => "s3:GetBucketTagging",
            S3Operation.PutBucketTagging or S3Operation.DeleteBucketTagging => "s3:PutBucketTagging",
            S3Operation.GetObjectTagging => versioned ? "s3:GetObjectVersionTagging" : "s3:GetObjectTagging",
            S3Operation.PutObjectTagging => versioned ? "s3:PutObjectVersionTagging" : "s3:PutObjectTagging",
            S3Operation.DeleteObjectTagging => versioned ? "s3:DeleteObjectVersionTagging" : "s3:DeleteObjectTagging",
            S3Operation.RestoreObject => "s3:RestoreObject",
            _ => "s3:" + request.OperationName,
        };
    }

    /// <summary>Whether the owner (and the root user) may do <paramref name="action"/> even where the policy denies it,
    /// so that a policy can never lock its bucket's owner out of changing the policy.</summary>
    public static bool IsPolicyManagement(string action) =>
        action is "s3:GetBucketPolicy" or "s3:PutBucketPolicy" or "s3:DeleteBucketPolicy";
}
