using System.Security.Cryptography;

namespace EdgeCdn.Origin.Encryption;

/// <summary>
/// A write-only stream that encrypts into <see cref="BlobFormat"/>: it writes the header at once, then one sealed chunk
/// whenever a chunk's worth of plaintext is followed by more. <see cref="Complete"/> seals the last chunk (marked as
/// the last); a blob whose writer was never completed fails authentication, so a cut-off write is never readable.
/// </summary>
internal sealed class EncryptingStream : Stream
{
    private readonly Stream _inner;
    private readonly AesGcm _aes;
    private readonly byte[] _header;
    private readonly byte[] _plain;
    private readonly byte[] _sealed;
    private readonly byte[] _aad = new byte[BlobFormat.AadSize];
    private readonly byte[] _nonce = new byte[12];
    private int _filled;
    private long _index;
    private long _plaintextLength;
    private bool _completed;

    public EncryptingStream(Stream inner, byte[] header, byte[] dataKey, int chunkSize)
    {
        _inner = inner;
        _header = header;
        _aes = new AesGcm(dataKey, BlobFormat.TagSize);
        CryptographicOperations.ZeroMemory(dataKey);
        _plain = new byte[chunkSize];
        _sealed = new byte[chunkSize + BlobFormat.TagSize];
        _inner.Write(header);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_completed;

    public override long Length => _plaintextLength;

    public override long Position
    {
        get => _plaintextLength;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!buffer.IsEmpty)
        {
            if (_filled == _plain.Length)
            {
                Seal(final: false);
            }

            var take = Math.Min(_plain.Length - _filled, buffer.Length);
            buffer[..take].CopyTo(_plain.AsSpan(_filled));
            _filled += take;
            _plaintextLength += take;
            buffer = buffer[take..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Seals the last chunk. The caller publishes the blob only after this.</summary>
    public void Complete()
    {
        if (!_completed)
        {
            Seal(final: true);
            _completed = true;
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
        }

        base.Dispose(disposing);
    }

    private void Seal(bool final)
    {
        BlobFormat.Nonce(_nonce, _index);
        BlobFormat.ChunkAad(_aad, _header, _index, final);
        _aes.Encrypt(_nonce, _plain.AsSpan(0, _filled), _sealed.AsSpan(0, _filled), _sealed.AsSpan(_filled, BlobFormat.TagSize), _aad);
        _inner.Write(_sealed.AsSpan(0, _filled + BlobFormat.TagSize));
        _filled = 0;
        _index++;
    }
}
