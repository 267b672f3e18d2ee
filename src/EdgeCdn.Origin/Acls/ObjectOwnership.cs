using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Acls;

/// <summary>S3 Object Ownership: BucketOwnerEnforced turns ACLs off (the default for new buckets, as in S3);
/// BucketOwnerPreferred and ObjectWriter keep them.</summary>
internal static class ObjectOwnership
{
    public const string BucketOwnerEnforced = "BucketOwnerEnforced";
    public const string BucketOwnerPreferred = "BucketOwnerPreferred";
    public const string ObjectWriter = "ObjectWriter";

    public static bool IsValid(string value) => value is BucketOwnerEnforced or BucketOwnerPreferred or ObjectWriter;

    /// <summary>The bucket's setting; buckets without one behave as ObjectWriter, as S3 buckets made before 2023 do.</summary>
    public static string Of(BucketRecord bucket) => bucket.Settings.Get(BucketSettings.OwnershipControls) ?? ObjectWriter;

    public static bool AclsEnabled(BucketRecord bucket) => Of(bucket) != BucketOwnerEnforced;
}
