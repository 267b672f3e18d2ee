namespace EdgeCdn.Origin.Storage;

internal enum CreateBucketOutcome
{
    Created,
    AlreadyOwnedByYou,
    AlreadyExists,
}
