using Microsoft.Win32.SafeHandles;

namespace EdgeCdn.Origin.Encryption;

/// <summary>A blob stored in plaintext (written before encryption at rest existed).</summary>
internal sealed class PlainBlobReader : BlobDataReader
{
    private readonly SafeFileHandle _handle;

    public PlainBlobReader(SafeFileHandle handle)
    {
        _handle = handle;
    }

    public override int Read(long position, Span<byte> destination) => RandomAccess.Read(_handle, destination, position);

    public override void Dispose() => _handle.Dispose();
}
