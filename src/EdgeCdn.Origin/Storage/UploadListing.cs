namespace EdgeCdn.Origin.Storage;

/// <summary>One page of ListMultipartUploads.</summary>
internal sealed record UploadListing(
    IReadOnlyList<UploadRecord> Uploads, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextKeyMarker, string? NextUploadIdMarker);
