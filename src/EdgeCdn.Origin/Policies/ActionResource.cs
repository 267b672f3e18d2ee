namespace EdgeCdn.Origin.Policies;

/// <summary>What an action is about: a bucket, an object, or the account.</summary>
internal enum ActionResource
{
    Bucket,
    Object,
    Account,
}
