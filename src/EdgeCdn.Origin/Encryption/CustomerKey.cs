namespace EdgeCdn.Origin.Encryption;

/// <summary>An SSE-C key as the request presented it (checked against its MD5); never stored, never logged.</summary>
internal sealed class CustomerKey
{
    public CustomerKey(byte[] key, string md5)
    {
        Key = key;
        Md5 = md5;
    }

    public byte[] Key { get; }

    /// <summary>Base64 MD5 of the key, as S3 reports it in x-amz-server-side-encryption-customer-key-MD5.</summary>
    public string Md5 { get; }

    public override string ToString() => "CustomerKey(redacted)";
}
