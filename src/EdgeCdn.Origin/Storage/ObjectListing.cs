namespace EdgeCdn.Origin.Storage;

/// <summary>One page of a listing: objects and common prefixes (together at most max-keys), and where to go on.</summary>
internal sealed record ObjectListing(IReadOnlyList<ObjectSummary> Objects, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextMarker);
