namespace EdgeCdn.Origin.Encryption;

/// <summary>Encryption at rest (section Origin:Encryption).</summary>
public sealed class EncryptionOptions
{
    /// <summary>The master key that wraps every object's data key: 32 bytes, base64. When unset, the key is read from
    /// <see cref="MasterKeyFile"/>, which the first start creates (mode 0600).</summary>
    public string? MasterKey { get; set; }

    /// <summary>Where the master key lives when <see cref="MasterKey"/> is unset; default &lt;DataDirectory&gt;/master.key.</summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>SSE-C keys travel in request headers, so S3 refuses them over plain HTTP; this allows it (local use only).</summary>
    public bool AllowCustomerKeysOverHttp { get; set; }

    /// <summary>
    /// What a write that asks for no encryption gets in a bucket without its own default encryption (<c>?encryption</c>):
    /// <c>AES256</c> (SSE-S3, as every S3 bucket since 2023) or <c>None</c> (stored as sent, as S3 buckets were before:
    /// for a data directory on a volume that is already encrypted underneath). Explicit requests are always honoured.
    /// </summary>
    public string BucketDefault { get; set; } = ServerSideEncryption.Aes256;

    /// <summary>Whether <see cref="BucketDefault"/> encrypts.</summary>
    public bool EncryptsByDefault => !string.Equals(BucketDefault, NoEncryption, StringComparison.OrdinalIgnoreCase);

    public const string NoEncryption = "None";

    /// <summary>Plaintext bytes per authenticated chunk of an encrypted blob: a range read decrypts only the chunks it touches.</summary>
    public int ChunkBytes { get; set; } = 64 * 1024;

    // The master key must never reach a log through ToString.
    public override string ToString() => $"EncryptionOptions(MasterKey {(string.IsNullOrEmpty(MasterKey) ? "from file" : "configured")})";
}
