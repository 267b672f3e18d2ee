namespace EdgeCdn.Origin.Storage;

internal sealed record BucketRecord(string Name, string Owner, string Region, DateTimeOffset CreatedAt);
