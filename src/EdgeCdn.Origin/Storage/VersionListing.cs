namespace EdgeCdn.Origin.Storage;

/// <summary>One page of ListObjectVersions: versions and delete markers (newest first within a key), common prefixes,
/// and where to go on.</summary>
internal sealed record VersionListing(
    IReadOnlyList<VersionSummary> Versions, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextKeyMarker, string? NextVersionIdMarker);
