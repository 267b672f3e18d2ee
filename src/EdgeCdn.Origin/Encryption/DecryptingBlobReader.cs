using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace EdgeCdn.Origin.Encryption;

/// <summary>
/// Plaintext of an encrypted blob (<see cref="BlobFormat"/>): each read decrypts the chunk it falls in (keeping the
/// last one), so a range costs only the chunks it touches. A chunk that fails authentication is an error, never data.
/// </summary>
internal sealed class DecryptingBlobReader : BlobDataReader
{
    private readonly SafeFileHandle _handle;
    private readonly byte[] _header;
    private readonly AesGcm _aes;
    private readonly long _size;
    private readonly int _chunkSize;
    private readonly long _chunks;
    private readonly byte[] _sealed;
    private readonly byte[] _plain;
    private readonly byte[] _aad = new byte[BlobFormat.AadSize];
    private readonly byte[] _nonce = new byte[12];
    private long _cached = -1;
    private int _cachedLength;

    public DecryptingBlobReader(SafeFileHandle handle, byte[] header, byte[] dataKey, int chunkSize, long plaintextSize)
    {
        _handle = handle;
        _header = header;
        _aes = new AesGcm(dataKey, BlobFormat.TagSize);
        CryptographicOperations.ZeroMemory(dataKey);
        _size = plaintextSize;
        _chunkSize = chunkSize;
        _chunks = BlobFormat.ChunkCount(plaintextSize, chunkSize);
        _sealed = new byte[chunkSize + BlobFormat.TagSize];
        _plain = new byte[chunkSize];
        if (RandomAccess.GetLength(handle) != BlobFormat.EncryptedSize(plaintextSize, chunkSize))
        {
            throw new InvalidDataException("An encrypted blob's length does not match its object's size.");
        }
    }

    public override int Read(long position, Span<byte> destination)
    {
        if (position >= _size || destination.IsEmpty)
        {
            return 0;
        }

        var index = position / _chunkSize;
        if (index != _cached)
        {
            Load(index);
        }

        var offset = (int)(position - (index * _chunkSize));
        var n = Math.Min(destination.Length, _cachedLength - offset);
        _plain.AsSpan(offset, n).CopyTo(destination);
        return n;
    }

    public override void Dispose()
    {
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_plain);
        _handle.Dispose();
    }

    private void Load(long index)
    {
        var final = index == _chunks - 1;
        var length = (int)(final ? _size - (index * _chunkSize) : _chunkSize);
        var fileOffset = BlobFormat.HeaderSize + (index * (_chunkSize + BlobFormat.TagSize));
        var sealedLength = length + BlobFormat.TagSize;
        var read = 0;
        while (read < sealedLength)
        {
            var n = RandomAccess.Read(_handle, _sealed.AsSpan(read, sealedLength - read), fileOffset + read);
            if (n == 0)
            {
                throw new InvalidDataException("An encrypted blob is shorter than its metadata says.");
            }

            read += n;
        }

        BlobFormat.Nonce(_nonce, index);
        BlobFormat.ChunkAad(_aad, _header, index, final);
        try
        {
            _aes.Decrypt(_nonce, _sealed.AsSpan(0, length), _sealed.AsSpan(length, BlobFormat.TagSize), _plain.AsSpan(0, length), _aad);
        }
        catch (AuthenticationTagMismatchException e)
        {
            _cached = -1;
            throw new InvalidDataException("An encrypted blob chunk failed authentication: the file was changed or damaged.", e);
        }

        _cached = index;
        _cachedLength = length;
    }
}
