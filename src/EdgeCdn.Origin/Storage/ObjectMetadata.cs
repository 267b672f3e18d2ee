namespace EdgeCdn.Origin.Storage;

/// <summary>What a client sets on an object besides its data: standard headers and x-amz-meta-* (names lower case).</summary>
internal sealed record ObjectMetadata(ObjectHeaders Headers, IReadOnlyList<KeyValuePair<string, string>> UserMetadata, string StorageClass = "STANDARD")
{
    public static readonly ObjectMetadata Empty = new(ObjectHeaders.None, []);
}
