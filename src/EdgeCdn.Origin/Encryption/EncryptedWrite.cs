namespace EdgeCdn.Origin.Encryption;

/// <summary>Where a writer puts plaintext: an <see cref="EncryptingStream"/> over the blob file, or the file itself
/// (blobs of uploads begun before encryption existed). <see cref="Complete"/> before publishing the blob.</summary>
internal sealed class EncryptedWrite : IDisposable
{
    private readonly EncryptingStream? _encrypting;

    public EncryptedWrite(Stream destination, EncryptingStream? encrypting)
    {
        Stream = encrypting ?? destination;
        _encrypting = encrypting;
    }

    public Stream Stream { get; }

    public void Complete() => _encrypting?.Complete();

    public void Dispose() => _encrypting?.Dispose();
}
