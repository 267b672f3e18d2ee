using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Encryption;

/// <summary>How a write encrypts its data: SSE-S3, or SSE-C with the key the request carried.</summary>
internal sealed record EncryptionChoice(ObjectEncryption Encryption, CustomerKey? Key)
{
    public static readonly EncryptionChoice S3Managed = new(ObjectEncryption.S3Managed, null);
}
