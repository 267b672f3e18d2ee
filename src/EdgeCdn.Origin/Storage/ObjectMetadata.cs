namespace EdgeCdn.Origin.Storage;

/// <summary>What a client sets on an object besides its data: standard headers, x-amz-meta-* (names lower case), the
/// storage class, tags and the website redirect.</summary>
internal sealed record ObjectMetadata(
    ObjectHeaders Headers,
    IReadOnlyList<KeyValuePair<string, string>> UserMetadata,
    string StorageClass = "STANDARD",
    IReadOnlyList<KeyValuePair<string, string>>? Tags = null,
    string? WebsiteRedirect = null)
{
    public static readonly ObjectMetadata Empty = new(ObjectHeaders.None, []);

    public IReadOnlyList<KeyValuePair<string, string>> TagSet => Tags ?? [];
}
