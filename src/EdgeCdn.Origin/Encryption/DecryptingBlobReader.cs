using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace EdgeCdn.Origin.Encryption;

/// <summary>
/// Plaintext of an encrypted blob (<see cref="BlobFormat"/>): each read decrypts the chunk it falls in, so a range
/// costs only the chunks it touches. A read that starts at a chunk boundary with room for the whole chunk decrypts in
/// place, straight into the caller's buffer; other reads go through a chunk buffer (rented when first needed, the last
/// chunk kept). A chunk that fails authentication is an error, never data.
/// </summary>
internal sealed class DecryptingBlobReader : BlobDataReader
{
    private readonly SafeFileHandle _handle;
    private readonly byte[] _header;
    private readonly AesGcm _aes;
    private readonly long _size;
    private readonly int _chunkSize;
    private readonly long _chunks;
    private readonly byte[] _aad = new byte[BlobFormat.AadSize];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _tag = new byte[BlobFormat.TagSize];
    private byte[]? _plain;
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
        var offset = (int)(position - (index * _chunkSize));
        if (index != _cached)
        {
            var length = ChunkLength(index);
            if (offset == 0 && destination.Length >= length)
            {
                Decrypt(index, destination[..length]);
                return length;
            }

            // Never larger than the blob: a 1 KiB object rents 1 KiB, not a whole chunk.
            _plain ??= ArrayPool<byte>.Shared.Rent((int)Math.Min(_chunkSize, _size));
            _cached = -1;
            Decrypt(index, _plain.AsSpan(0, length));
            _cached = index;
            _cachedLength = length;
        }

        var n = Math.Min(destination.Length, _cachedLength - offset);
        _plain.AsSpan(offset, n).CopyTo(destination);
        return n;
    }

    public override void Dispose()
    {
        _aes.Dispose();
        if (_plain is { } plain)
        {
            _plain = null;
            CryptographicOperations.ZeroMemory(plain);
            ArrayPool<byte>.Shared.Return(plain);
        }

        _handle.Dispose();
    }

    private int ChunkLength(long index) => (int)(index == _chunks - 1 ? _size - (index * _chunkSize) : _chunkSize);

    /// <summary>Reads chunk <paramref name="index"/>'s ciphertext into <paramref name="target"/> (exactly the chunk's
    /// length) and its tag beside, then decrypts in place.</summary>
    private void Decrypt(long index, Span<byte> target)
    {
        var fileOffset = BlobFormat.HeaderSize + (index * (_chunkSize + BlobFormat.TagSize));
        ReadExactly(target, fileOffset);
        ReadExactly(_tag, fileOffset + target.Length);
        BlobFormat.Nonce(_nonce, index);
        BlobFormat.ChunkAad(_aad, _header, index, index == _chunks - 1);
        try
        {
            _aes.Decrypt(_nonce, target, _tag, target, _aad);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidDataException("An encrypted blob chunk failed authentication: the file was changed or damaged.", e);
        }
    }

    private void ReadExactly(Span<byte> buffer, long fileOffset)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = RandomAccess.Read(_handle, buffer[read..], fileOffset + read);
            if (n == 0)
            {
                throw new InvalidDataException("An encrypted blob is shorter than its metadata says.");
            }

            read += n;
        }
    }
}
