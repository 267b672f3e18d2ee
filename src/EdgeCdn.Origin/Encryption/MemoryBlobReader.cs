namespace EdgeCdn.Origin.Encryption;

/// <summary>A blob's plaintext held in memory (<see cref="Storage.HotBlobCache"/>).</summary>
internal sealed class MemoryBlobReader : BlobDataReader
{
    private readonly byte[] _plaintext;

    public MemoryBlobReader(byte[] plaintext)
    {
        _plaintext = plaintext;
    }

    public override int Read(long position, Span<byte> destination)
    {
        if (position >= _plaintext.Length)
        {
            return 0;
        }

        var n = (int)Math.Min(destination.Length, _plaintext.Length - position);
        _plaintext.AsSpan((int)position, n).CopyTo(destination);
        return n;
    }

    public override void Dispose()
    {
    }
}
