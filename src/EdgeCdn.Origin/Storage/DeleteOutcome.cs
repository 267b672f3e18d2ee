namespace EdgeCdn.Origin.Storage;

/// <summary>What a delete did: the version it created (a delete marker) or removed, reported as x-amz-version-id and
/// x-amz-delete-marker.</summary>
internal sealed record DeleteOutcome(string? VersionId, bool DeleteMarker);
