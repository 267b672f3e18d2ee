using System.Collections.Immutable;

namespace EdgeCdn.Origin.Storage;

/// <summary>
/// A bucket's configuration documents by kind (policy, cors, lifecycle, website, publicAccessBlock,
/// ownershipControls, acl, encryption, tagging), as the features that own them serialised them. Immutable: a change
/// makes a new instance, so whoever parsed an instance may cache the result against it.
/// </summary>
internal sealed class BucketSettings
{
    public const string Policy = "policy";
    public const string Cors = "cors";
    public const string Lifecycle = "lifecycle";
    public const string Website = "website";
    public const string PublicAccessBlock = "publicAccessBlock";
    public const string OwnershipControls = "ownershipControls";
    public const string Acl = "acl";
    public const string Encryption = "encryption";
    public const string Tagging = "tagging";

    public static readonly BucketSettings Empty = new(ImmutableDictionary<string, string>.Empty);

    private BucketSettings(ImmutableDictionary<string, string> documents)
    {
        Documents = documents;
    }

    public ImmutableDictionary<string, string> Documents { get; }

    public string? Get(string kind) => Documents.GetValueOrDefault(kind);

    public BucketSettings With(string kind, string? document) =>
        new(document is null ? Documents.Remove(kind) : Documents.SetItem(kind, document));
}
