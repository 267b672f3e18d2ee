using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Policies;

/// <summary>The bucket policy in force on a bucket, parsed once per change.</summary>
internal static class BucketPolicies
{
    public static PolicyDocument? Of(BucketRecord bucket) =>
        ParsedSettings.Get(bucket.Settings, BucketSettings.Policy, json => PolicyParser.Parse(json, bucket.Name, userExists: null));
}
