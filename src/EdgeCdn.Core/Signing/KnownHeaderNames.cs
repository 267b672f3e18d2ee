namespace EdgeCdn.Core.Signing;

/// <summary>
/// Interned lower-case names of the headers that signed requests commonly cover, so that turning a SignedHeaders
/// entry into a lookup key allocates nothing for them.
/// </summary>
internal static class KnownHeaderNames
{
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Create();

    public static string Get(ReadOnlySpan<char> name) =>
        Lookup.TryGetValue(name, out var interned) ? interned : name.ToString().ToLowerInvariant();

    private static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Create()
    {
        string[] names =
        [
            "host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "x-amz-decoded-content-length",
            "x-amz-trailer", "x-amz-user-agent", "x-amz-sdk-checksum-algorithm", "x-amz-checksum-crc32",
            "x-amz-checksum-crc32c", "x-amz-checksum-crc64nvme", "x-amz-checksum-sha1", "x-amz-checksum-sha256",
            "x-amz-checksum-mode", "x-amz-acl", "x-amz-storage-class", "x-amz-server-side-encryption",
            "x-amz-copy-source", "x-amz-copy-source-range", "x-amz-metadata-directive", "x-amz-expected-bucket-owner",
            "x-amz-request-payer", "x-amz-tagging", "x-amz-meta-", "amz-sdk-invocation-id", "amz-sdk-request",
            "content-type", "content-length", "content-md5", "content-encoding", "content-disposition",
            "content-language", "cache-control", "expires", "range", "if-match", "if-none-match", "if-modified-since",
            "if-unmodified-since", "date", "user-agent", "transfer-encoding", "expect", "accept", "accept-encoding",
        ];
        var dictionary = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            dictionary[name] = name;
        }

        return dictionary.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
