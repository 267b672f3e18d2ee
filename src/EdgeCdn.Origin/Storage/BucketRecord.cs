namespace EdgeCdn.Origin.Storage;

/// <summary>A bucket with its versioning state and its configuration documents (cached in memory with it).</summary>
internal sealed record BucketRecord(string Name, string Owner, string Region, DateTimeOffset CreatedAt)
{
    public const string Unversioned = "Unversioned";
    public const string VersioningEnabled = "Enabled";
    public const string VersioningSuspended = "Suspended";

    /// <summary>Unversioned, Enabled or Suspended.</summary>
    public string Versioning { get; init; } = Unversioned;

    public BucketSettings Settings { get; init; } = BucketSettings.Empty;
}
