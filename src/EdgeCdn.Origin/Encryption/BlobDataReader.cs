namespace EdgeCdn.Origin.Encryption;

/// <summary>Reads the plaintext of one blob at any position (decrypting when it is encrypted).</summary>
internal abstract class BlobDataReader : IDisposable
{
    /// <summary>Copies plaintext from <paramref name="position"/> into <paramref name="destination"/>; 0 at the end.</summary>
    public abstract int Read(long position, Span<byte> destination);

    public abstract void Dispose();
}
