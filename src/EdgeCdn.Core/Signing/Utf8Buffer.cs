using System.Buffers;
using System.Text;

namespace EdgeCdn.Core.Signing;

/// <summary>
/// A growable UTF-8 byte buffer rented from the shared pool. Canonical requests are built here so that
/// verifying a signature allocates nothing on the success path.
/// </summary>
internal ref struct Utf8Buffer
{
    private byte[] _buffer;
    private int _length;

    public Utf8Buffer(int initialCapacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Append(byte b)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = b;
    }

    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_length + max > _buffer.Length)
        {
            Grow(max);
        }

        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    /// <summary>Appends ASCII text whose characters are known to be below 0x80.</summary>
    public void AppendAscii(scoped ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _buffer.Length)
        {
            Grow(text.Length);
        }

        // Vectorised narrowing; every character is ASCII, so this always converts all of them.
        System.Text.Ascii.FromUtf16(text, _buffer.AsSpan(_length, text.Length), out var written);
        _length += written;
    }

    public void AppendLowerHex(scoped ReadOnlySpan<byte> bytes)
    {
        if (_length + (bytes.Length * 2) > _buffer.Length)
        {
            Grow(bytes.Length * 2);
        }

        var dest = _buffer.AsSpan(_length, bytes.Length * 2);
        Hex.WriteLower(bytes, dest);
        _length += bytes.Length * 2;
    }

    /// <summary>Removes the last byte written (used to drop a trailing separator).</summary>
    public void TrimLast()
    {
        if (_length > 0)
        {
            _length--;
        }
    }

    public readonly override string ToString() => Encoding.UTF8.GetString(_buffer, 0, _length);

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow(int needed)
    {
        var newSize = Math.Max(_buffer.Length * 2, _length + needed);
        var next = ArrayPool<byte>.Shared.Rent(newSize);
        _buffer.AsSpan(0, _length).CopyTo(next);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = next;
    }
}
