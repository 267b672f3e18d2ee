using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Encryption;

/// <summary>How a write encrypts its data: SSE-S3, SSE-C with the key the request carried, or not at all (a bucket
/// without default encryption where the operator turned the default off).</summary>
internal sealed record EncryptionChoice(ObjectEncryption? Encryption, CustomerKey? Key)
{
    public static readonly EncryptionChoice S3Managed = new(ObjectEncryption.S3Managed, null);

    public static readonly EncryptionChoice Plaintext = new(null, null);
}
