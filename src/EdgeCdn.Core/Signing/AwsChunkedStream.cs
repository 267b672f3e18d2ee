using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeCdn.Core.Checksums;

namespace EdgeCdn.Core.Signing;

/// <summary>
/// Decodes an aws-chunked request body ("hex-size;chunk-signature=sig\r\n data \r\n ... 0;...\r\n [trailers] \r\n")
/// while reading it, without buffering more than one read's worth. Each chunk's signature is checked when its last
/// byte has been read, and the read that completes a bad chunk throws; the trailer signature and checksum are
/// checked at the end, as is x-amz-decoded-content-length.
/// </summary>
public sealed class AwsChunkedStream : Stream
{
    private const int BufferSize = 16 * 1024;
    private const int MaxLineLength = 4096;

    private readonly Stream _inner;
    private readonly StreamingPayloadMode _mode;
    private readonly ChunkSigningContext? _signing;
    private readonly long? _expectedLength;
    private readonly ChecksumAlgorithm? _trailerAlgorithm;
    private readonly PayloadChecksum? _checksum;
    private readonly IncrementalHash? _chunkHash;
    private readonly byte[] _previousSignature = new byte[32];
    private readonly byte[] _claimedSignature = new byte[32];
    private readonly Dictionary<string, string> _trailers = new(StringComparer.OrdinalIgnoreCase);
    private byte[] _buffer;
    private int _start;
    private int _end;
    private State _state = State.ChunkHeader;
    private long _chunkRemaining;
    private long _decoded;

    /// <param name="inner">The raw request body.</param>
    /// <param name="mode">Which STREAMING-* variant the request declared.</param>
    /// <param name="signing">The request's signing context (required for the signed variants).</param>
    /// <param name="decodedContentLength">x-amz-decoded-content-length, when sent.</param>
    /// <param name="trailerChecksum">The algorithm named by x-amz-trailer, when sent.</param>
    public AwsChunkedStream(Stream inner, StreamingPayloadMode mode, ChunkSigningContext? signing, long? decodedContentLength, ChecksumAlgorithm? trailerChecksum)
    {
        if (mode != StreamingPayloadMode.UnsignedWithTrailer)
        {
            ArgumentNullException.ThrowIfNull(signing);
            if (!Hex.TryDecode(signing.SeedSignature, _previousSignature))
            {
                throw new ArgumentException("The seed signature must be 64 hex characters.", nameof(signing));
            }

            _chunkHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }

        _inner = inner;
        _mode = mode;
        _signing = signing;
        _expectedLength = decodedContentLength;
        _trailerAlgorithm = trailerChecksum;
        _checksum = trailerChecksum is { } algorithm ? PayloadChecksum.Create(algorithm) : null;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    private enum State
    {
        ChunkHeader,
        ChunkData,
        ChunkEnd,
        FinalLine,
        Trailer,
        Done,
    }

    /// <summary>The trailing headers received (x-amz-checksum-*), available once the stream has been read to its end.</summary>
    public IReadOnlyDictionary<string, string> Trailers => _trailers;

    /// <summary>The checksum of the decoded data (base64) for the trailer algorithm, once read to the end.</summary>
    public string? ComputedChecksum { get; private set; }

    /// <summary>Decoded bytes produced so far.</summary>
    public long DecodedLength => _decoded;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _decoded;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadCoreAsync(buffer.AsMemory(offset, count), useAsync: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var n = ReadCoreAsync(rented.AsMemory(0, buffer.Length), useAsync: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadCoreAsync(buffer.AsMemory(offset, count), useAsync: true, cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(buffer, useAsync: true, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chunkHash?.Dispose();
            _checksum?.Dispose();
            var buffer = _buffer;
            _buffer = [];
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            switch (_state)
            {
                case State.Done:
                    return 0;

                case State.ChunkHeader:
                    ParseChunkHeader((await ReadLineAsync(useAsync, cancellationToken).ConfigureAwait(false)).Span);
                    break;

                case State.ChunkData:
                    {
                        var n = await ReadDataAsync(destination, useAsync, cancellationToken).ConfigureAwait(false);
                        if (n > 0)
                        {
                            return n;
                        }

                        break;
                    }

                case State.ChunkEnd:
                    if (!(await ReadLineAsync(useAsync, cancellationToken).ConfigureAwait(false)).IsEmpty)
                    {
                        throw new ChunkedPayloadException(ChunkedPayloadError.Malformed, "A chunk's data must be followed by CRLF; the chunk size does not match its data.");
                    }

                    _state = State.ChunkHeader;
                    break;

                case State.FinalLine:
                    // After "0;chunk-signature=...\r\n" a final CRLF closes the body; some clients stop right there.
                    await TryReadOptionalFinalLineAsync(useAsync, cancellationToken).ConfigureAwait(false);
                    Finish();
                    break;

                case State.Trailer:
                    await ReadTrailerAsync(useAsync, cancellationToken).ConfigureAwait(false);
                    Finish();
                    break;
            }
        }
    }

    private async ValueTask<int> ReadDataAsync(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken)
    {
        var want = (int)Math.Min(destination.Length, _chunkRemaining);
        int n;
        if (_end > _start)
        {
            n = Math.Min(want, _end - _start);
            _buffer.AsMemory(_start, n).CopyTo(destination);
            _start += n;
        }
        else
        {
            // Nothing buffered: read straight into the caller's memory.
            n = useAsync
                ? await _inner.ReadAsync(destination[..want], cancellationToken).ConfigureAwait(false)
                : _inner.Read(destination.Span[..want]);
            if (n == 0)
            {
                throw new ChunkedPayloadException(ChunkedPayloadError.IncompleteBody,
                    "The request body ended in the middle of a chunk: you did not provide the number of bytes specified by the chunk size.");
            }
        }

        var data = destination.Span[..n];
        _chunkHash?.AppendData(data);
        _checksum?.Append(data);
        _chunkRemaining -= n;
        _decoded += n;
        if (_expectedLength is { } expected && _decoded > expected)
        {
            throw new ChunkedPayloadException(ChunkedPayloadError.LengthMismatch,
                $"The body holds more than the {expected} bytes declared by x-amz-decoded-content-length.");
        }

        if (_chunkRemaining == 0)
        {
            VerifyChunkSignature();
            _state = State.ChunkEnd;
        }

        return n;
    }

    private void ParseChunkHeader(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var sizeText = (semicolon < 0 ? line : line[..semicolon]).Trim((byte)' ');
        if (sizeText.IsEmpty || sizeText.Length > 15 ||
            !long.TryParse(Encoding.ASCII.GetString(sizeText), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw new ChunkedPayloadException(ChunkedPayloadError.Malformed, "A chunk size line is not a hexadecimal size.");
        }

        if (_signing is not null && _mode != StreamingPayloadMode.UnsignedWithTrailer)
        {
            var extensions = semicolon < 0 ? [] : line[(semicolon + 1)..];
            const string prefix = "chunk-signature=";
            if (!extensions.StartsWith(Encoding.ASCII.GetBytes(prefix)) ||
                !Hex.TryDecode(Encoding.ASCII.GetString(extensions[prefix.Length..]).Trim(), _claimedSignature))
            {
                throw new ChunkedPayloadException(ChunkedPayloadError.SignatureMismatch,
                    "Every chunk of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body must carry chunk-signature=<64 hex>.");
            }
        }

        _chunkRemaining = size;
        if (size == 0)
        {
            VerifyChunkSignature();
            _state = _mode == StreamingPayloadMode.SignedChunks ? State.FinalLine : State.Trailer;
        }
        else
        {
            _state = State.ChunkData;
        }
    }

    private void VerifyChunkSignature()
    {
        if (_chunkHash is null || _signing is null)
        {
            return;
        }

        Span<byte> hash = stackalloc byte[32];
        Span<byte> computed = stackalloc byte[32];
        _chunkHash.GetHashAndReset(hash);
        _signing.ComputeChunkSignature(_previousSignature, hash, computed);
        if (!CryptographicOperations.FixedTimeEquals(computed, _claimedSignature))
        {
            throw new ChunkedPayloadException(ChunkedPayloadError.SignatureMismatch,
                $"The chunk signature we calculated does not match the one you provided (after {_decoded} decoded bytes).");
        }

        computed.CopyTo(_previousSignature);
    }

    private async ValueTask ReadTrailerAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var canonical = new StringBuilder();
        string? trailerSignature = null;
        while (true)
        {
            var line = await ReadLineAsync(useAsync, cancellationToken, allowEof: true).ConfigureAwait(false);
            if (line.IsEmpty)
            {
                break;
            }

            var text = Encoding.UTF8.GetString(line.Span);
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new ChunkedPayloadException(ChunkedPayloadError.Malformed, "A trailing header line must be name:value.");
            }

            var name = text[..colon].Trim().ToLowerInvariant();
            var value = text[(colon + 1)..].Trim();
            if (name == "x-amz-trailer-signature")
            {
                trailerSignature = value;
                continue;
            }

            if (_trailers.Count >= 16)
            {
                throw new ChunkedPayloadException(ChunkedPayloadError.Malformed, "Too many trailing headers.");
            }

            _trailers[name] = value;
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        if (_mode == StreamingPayloadMode.SignedChunksWithTrailer)
        {
            Span<byte> claimed = stackalloc byte[32];
            if (trailerSignature is null || !Hex.TryDecode(trailerSignature, claimed))
            {
                throw new ChunkedPayloadException(ChunkedPayloadError.SignatureMismatch, "The trailer must carry x-amz-trailer-signature.");
            }

            Span<byte> hash = stackalloc byte[32];
            Span<byte> computed = stackalloc byte[32];
            SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()), hash);
            _signing!.ComputeTrailerSignature(_previousSignature, hash, computed);
            if (!CryptographicOperations.FixedTimeEquals(computed, claimed))
            {
                throw new ChunkedPayloadException(ChunkedPayloadError.SignatureMismatch,
                    "The trailer signature we calculated does not match the one you provided.");
            }
        }

        if (_checksum is not null && _trailerAlgorithm is { } algorithm)
        {
            var header = PayloadChecksum.HeaderNameOf(algorithm);
            ComputedChecksum = _checksum.GetBase64();
            if (!_trailers.TryGetValue(header, out var sent))
            {
                throw new ChunkedPayloadException(ChunkedPayloadError.Malformed,
                    $"x-amz-trailer announced {header}, but the body's trailer does not carry it.");
            }

            if (!string.Equals(sent, ComputedChecksum, StringComparison.Ordinal))
            {
                throw new ChunkedPayloadException(ChunkedPayloadError.ChecksumMismatch,
                    $"The {algorithm.ToString().ToUpperInvariant()} you specified did not match the calculated checksum.");
            }
        }
    }

    private async ValueTask TryReadOptionalFinalLineAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(useAsync, cancellationToken, allowEof: true).ConfigureAwait(false);
        if (!line.IsEmpty)
        {
            throw new ChunkedPayloadException(ChunkedPayloadError.Malformed, "Unexpected data after the final chunk.");
        }
    }

    private void Finish()
    {
        if (_expectedLength is { } expected && _decoded != expected)
        {
            throw new ChunkedPayloadException(ChunkedPayloadError.IncompleteBody,
                $"The body decoded to {_decoded} bytes but x-amz-decoded-content-length declared {expected}.");
        }

        if (_checksum is not null)
        {
            ComputedChecksum ??= _checksum.GetBase64();
        }

        _state = State.Done;
    }

    /// <summary>Returns the next line without its CRLF (valid until the next read). At end of input: empty when
    /// <paramref name="allowEof"/>, otherwise IncompleteBody.</summary>
    private async ValueTask<ReadOnlyMemory<byte>> ReadLineAsync(bool useAsync, CancellationToken cancellationToken, bool allowEof = false)
    {
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                var line = _buffer.AsMemory(_start, length);
                _start += length + 1;
                return line.Length > 0 && line.Span[^1] == '\r' ? line[..^1] : line;
            }

            scanned = _end - _start;
            if (scanned >= MaxLineLength)
            {
                throw new ChunkedPayloadException(ChunkedPayloadError.Malformed, "A chunk header or trailer line is longer than 4096 bytes.");
            }

            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            var n = useAsync
                ? await _inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false)
                : _inner.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                if (allowEof && _end == _start)
                {
                    return ReadOnlyMemory<byte>.Empty;
                }

                throw new ChunkedPayloadException(ChunkedPayloadError.IncompleteBody,
                    "The request body ended before its final chunk.");
            }

            _end += n;
        }
    }
}
