using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using EdgeCdn.Core.Checksums;
using EdgeCdn.Core.S3;
using EdgeCdn.Core.Signing;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Payload;

/// <summary>
/// A request body as S3 receives it: decoded from aws-chunked when the signature says so (every chunk signature,
/// the trailer signature and the trailer checksum checked by Core's <see cref="AwsChunkedStream"/>), and checked
/// against what the client claimed — x-amz-content-sha256, Content-MD5, x-amz-checksum-* — while it streams to its
/// destination. Nothing is buffered beyond one read; the caller commits the destination only after
/// <see cref="CopyToAsync"/> returned, so a body that fails a check is never visible.
/// </summary>
internal sealed class RequestPayload
{
    private const int BufferSize = 128 * 1024;

    private readonly Stream _body;
    private readonly AwsChunkedStream? _chunked;
    private readonly byte[]? _expectedSha256;
    private readonly string? _expectedSha256Hex;
    private readonly byte[]? _expectedMd5;
    private readonly (ChecksumAlgorithm Algorithm, string Value)? _headerChecksum;
    private readonly ChecksumAlgorithm? _trailerAlgorithm;
    private readonly long _maxBytes;

    private RequestPayload(
        Stream body, AwsChunkedStream? chunked, long? declaredLength, string? expectedSha256Hex, byte[]? expectedMd5,
        (ChecksumAlgorithm, string)? headerChecksum, ChecksumAlgorithm? trailerAlgorithm, long maxBytes)
    {
        _body = body;
        _chunked = chunked;
        DeclaredLength = declaredLength;
        _expectedSha256Hex = expectedSha256Hex;
        _expectedSha256 = expectedSha256Hex is null ? null : Convert.FromHexString(expectedSha256Hex);
        _expectedMd5 = expectedMd5;
        _headerChecksum = headerChecksum;
        _trailerAlgorithm = trailerAlgorithm;
        _maxBytes = maxBytes;
    }

    /// <summary>The decoded length the client announced (Content-Length, or x-amz-decoded-content-length for aws-chunked).</summary>
    public long? DeclaredLength { get; }

    /// <summary>The algorithm of the checksum the client sends (header or trailer), if any.</summary>
    public ChecksumAlgorithm? ClientChecksumAlgorithm => _headerChecksum?.Algorithm ?? _trailerAlgorithm;

    public static RequestPayload Open(HttpRequest request, SignatureCheck signature, long maxBytes, bool requireLength = true)
    {
        var headers = request.Headers;
        var payloadHash = signature.PayloadHash;
        long? declared = null;
        AwsChunkedStream? chunked = null;
        ChecksumAlgorithm? trailer = null;
        var body = request.Body;
        if (payloadHash is not null && payloadHash.StartsWith("STREAMING-", StringComparison.Ordinal))
        {
            if (signature.Streaming is not { } streaming)
            {
                throw new S3Exception(S3ErrorCatalog.InvalidRequest, "aws-chunked bodies need SigV4 header authentication.");
            }

            if (headers[SigV4Constants.AmzDecodedContentLength].ToString() is { Length: > 0 } decodedText)
            {
                declared = ParseLength(decodedText, SigV4Constants.AmzDecodedContentLength);
            }

            if (headers[SigV4Constants.AmzTrailer].ToString() is { Length: > 0 } trailerName)
            {
                if (!PayloadChecksum.TryParse(trailerName, out var algorithm))
                {
                    throw new S3Exception(S3ErrorCatalog.InvalidRequest, $"The value specified in the x-amz-trailer header is not supported: {trailerName}");
                }

                trailer = algorithm;
            }

            chunked = new AwsChunkedStream(request.Body, streaming.Mode, streaming, declared, trailer);
            body = chunked;
        }
        else
        {
            declared = request.ContentLength;
            if (declared is null && requireLength && !IsChunkedTransfer(request))
            {
                throw new S3Exception(S3ErrorCatalog.MissingContentLength);
            }
        }

        if (declared > maxBytes)
        {
            throw new S3Exception(S3ErrorCatalog.EntityTooLarge, null,
                S3Exception.Detail("ProposedSize", declared.Value.ToString(CultureInfo.InvariantCulture)),
                S3Exception.Detail("MaxSizeAllowed", maxBytes.ToString(CultureInfo.InvariantCulture)));
        }

        var sha256 = payloadHash is { Length: 64 } hex && !hex.StartsWith("STREAMING", StringComparison.Ordinal) ? hex.ToLowerInvariant() : null;
        return new RequestPayload(body, chunked, declared, sha256, ParseContentMd5(headers), ParseChecksumHeader(headers, trailer), trailer, maxBytes);
    }

    /// <summary>
    /// Streams the body into <paramref name="destination"/>, computing MD5 and the checksums to verify (plus
    /// <paramref name="alsoCompute"/> when the client sends none), then checks every claim. Throws the S3 error of
    /// the first failed check.
    /// </summary>
    public async Task<PayloadDigest> CopyToAsync(Stream destination, ChecksumAlgorithm? alsoCompute, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha256 = _expectedSha256 is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var computeAlgorithm = _headerChecksum?.Algorithm ?? (_trailerAlgorithm is null ? alsoCompute : null);
        using var checksum = computeAlgorithm is { } a ? PayloadChecksum.Create(a) : null;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            while (true)
            {
                var n = await _body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                var data = buffer.AsSpan(0, n);
                total += n;
                if (total > _maxBytes)
                {
                    throw new S3Exception(S3ErrorCatalog.EntityTooLarge, null,
                        S3Exception.Detail("MaxSizeAllowed", _maxBytes.ToString(CultureInfo.InvariantCulture)));
                }

                md5.AppendData(data);
                sha256?.AppendData(data);
                checksum?.Append(data);
                destination.Write(data);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (_chunked is null && DeclaredLength is { } declared && total != declared)
        {
            throw new S3Exception(S3ErrorCatalog.IncompleteBody);
        }

        if (sha256 is not null)
        {
            var computed = sha256.GetHashAndReset();
            if (!CryptographicOperations.FixedTimeEquals(computed, _expectedSha256))
            {
                throw new S3Exception(S3ErrorCatalog.XAmzContentSHA256Mismatch, null,
                    S3Exception.Detail("ClientComputedContentSHA256", _expectedSha256Hex!),
                    S3Exception.Detail("S3ComputedContentSHA256", Convert.ToHexStringLower(computed)));
            }
        }

        var md5Value = md5.GetHashAndReset();
        if (_expectedMd5 is not null && !CryptographicOperations.FixedTimeEquals(md5Value, _expectedMd5))
        {
            throw new S3Exception(S3ErrorCatalog.BadDigest, null,
                S3Exception.Detail("ExpectedDigest", Convert.ToBase64String(_expectedMd5)),
                S3Exception.Detail("CalculatedDigest", Convert.ToBase64String(md5Value)));
        }

        StoredChecksum? stored = null;
        if (_headerChecksum is { } claimed)
        {
            var value = checksum!.GetBase64();
            if (!string.Equals(value, claimed.Value, StringComparison.Ordinal))
            {
                throw new S3Exception(S3ErrorCatalog.BadDigest,
                    $"The {ObjectStore.AlgorithmName(claimed.Algorithm)} you specified did not match the calculated checksum.");
            }

            stored = new StoredChecksum(claimed.Algorithm, value, StoredChecksum.FullObject);
        }
        else if (_trailerAlgorithm is { } trailerAlgorithm && _chunked?.ComputedChecksum is { } fromTrailer)
        {
            stored = new StoredChecksum(trailerAlgorithm, fromTrailer, StoredChecksum.FullObject);
        }
        else if (checksum is not null)
        {
            stored = new StoredChecksum(checksum.Algorithm, checksum.GetBase64(), StoredChecksum.FullObject);
        }

        return new PayloadDigest(total, md5Value, stored);
    }

    /// <summary>Reads a small body (XML) into memory, with the same checks; MaxMessageLengthExceeded above the limit.</summary>
    public async Task<byte[]> ReadSmallAsync(int maxBytes, CancellationToken cancellationToken)
    {
        if (DeclaredLength > maxBytes)
        {
            throw new S3Exception(S3ErrorCatalog.MaxMessageLengthExceeded);
        }

        using var memory = new MemoryStream();
        await CopyToAsync(memory, null, cancellationToken).ConfigureAwait(false);
        if (memory.Length > maxBytes)
        {
            throw new S3Exception(S3ErrorCatalog.MaxMessageLengthExceeded);
        }

        return memory.ToArray();
    }

    private static bool IsChunkedTransfer(HttpRequest request) =>
        request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase);

    private static long ParseLength(string text, string header) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new S3Exception(S3ErrorCatalog.InvalidArgument, $"{header} must be a non-negative integer.");

    private static byte[]? ParseContentMd5(IHeaderDictionary headers)
    {
        var text = headers.ContentMD5.ToString();
        if (text.Length == 0)
        {
            return null;
        }

        var bytes = new byte[16];
        return Convert.TryFromBase64String(text.Trim(), bytes, out var written) && written == 16
            ? bytes
            : throw new S3Exception(S3ErrorCatalog.InvalidDigest);
    }

    private static (ChecksumAlgorithm, string)? ParseChecksumHeader(IHeaderDictionary headers, ChecksumAlgorithm? trailer)
    {
        (ChecksumAlgorithm, string)? found = null;
        foreach (var (name, values) in headers)
        {
            if (!name.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("x-amz-checksum-algorithm", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("x-amz-checksum-type", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("x-amz-checksum-mode", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!PayloadChecksum.TryParse(name, out var algorithm))
            {
                throw new S3Exception(S3ErrorCatalog.InvalidRequest, $"The checksum header {name} names an algorithm S3 does not support.");
            }

            if (found is not null || trailer is not null)
            {
                throw new S3Exception(S3ErrorCatalog.InvalidRequest, "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
            }

            var value = values.ToString().Trim();
            if (!IsValidChecksum(algorithm, value))
            {
                throw new S3Exception(S3ErrorCatalog.InvalidRequest, $"Value for {name.ToLowerInvariant()} header is invalid.");
            }

            found = (algorithm, value);
        }

        return found;
    }

    internal static bool IsValidChecksum(ChecksumAlgorithm algorithm, string base64)
    {
        var expected = algorithm switch
        {
            ChecksumAlgorithm.Crc32 or ChecksumAlgorithm.Crc32C => 4,
            ChecksumAlgorithm.Crc64Nvme => 8,
            ChecksumAlgorithm.Sha1 => 20,
            _ => 32,
        };
        Span<byte> bytes = stackalloc byte[40];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == expected;
    }
}
