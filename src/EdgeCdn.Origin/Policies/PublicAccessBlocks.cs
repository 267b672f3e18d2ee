using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Policies;

/// <summary>The Block Public Access flags in force on a bucket.</summary>
internal static class PublicAccessBlocks
{
    public static PublicAccessBlock Of(BucketRecord bucket) =>
        ParsedSettings.Get(bucket.Settings, BucketSettings.PublicAccessBlock, PublicAccessBlock.FromStored) ?? PublicAccessBlock.None;
}
