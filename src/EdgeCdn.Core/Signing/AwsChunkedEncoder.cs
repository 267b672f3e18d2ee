using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeCdn.Core.Checksums;

namespace EdgeCdn.Core.Signing;

/// <summary>
/// Writes a body in aws-chunked encoding, as SDKs do for streaming uploads: signed chunks chained from the seed
/// signature, optionally followed by a (signed or unsigned) trailer carrying a checksum.
/// </summary>
public static class AwsChunkedEncoder
{
    /// <summary>Encodes <paramref name="data"/> in chunks of <paramref name="chunkSize"/> bytes.</summary>
    /// <param name="context">Required for the signed modes; ignored for <see cref="StreamingPayloadMode.UnsignedWithTrailer"/>.</param>
    public static byte[] Encode(ReadOnlySpan<byte> data, int chunkSize, StreamingPayloadMode mode, ChunkSigningContext? context, ChecksumAlgorithm? trailerChecksum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var signed = mode != StreamingPayloadMode.UnsignedWithTrailer;
        if (signed)
        {
            ArgumentNullException.ThrowIfNull(context);
        }

        using var output = new MemoryStream(data.Length + 256);
        Span<byte> previous = stackalloc byte[32];
        Span<byte> hash = stackalloc byte[32];
        Span<byte> signature = stackalloc byte[32];
        if (signed)
        {
            Convert.FromHexString(context!.SeedSignature, previous, out _, out _);
        }

        using var checksum = trailerChecksum is { } algorithm ? PayloadChecksum.Create(algorithm) : null;
        var offset = 0;
        while (true)
        {
            var length = Math.Min(chunkSize, data.Length - offset);
            var chunk = data.Slice(offset, length);
            checksum?.Append(chunk);
            var header = length.ToString("x", CultureInfo.InvariantCulture);
            if (signed)
            {
                SHA256.HashData(chunk, hash);
                context!.ComputeChunkSignature(previous, hash, signature);
                signature.CopyTo(previous);
                header += ";chunk-signature=" + Convert.ToHexStringLower(signature);
            }

            output.Write(Encoding.ASCII.GetBytes(header + "\r\n"));
            if (length == 0)
            {
                break;
            }

            output.Write(chunk);
            output.Write("\r\n"u8);
            offset += length;
        }

        if (mode == StreamingPayloadMode.SignedChunks)
        {
            output.Write("\r\n"u8);
            return output.ToArray();
        }

        var trailer = checksum is null ? string.Empty : $"{checksum.HeaderName}:{checksum.GetBase64()}\n";
        output.Write(Encoding.ASCII.GetBytes(trailer.Replace("\n", "\r\n", StringComparison.Ordinal)));
        if (mode == StreamingPayloadMode.SignedChunksWithTrailer)
        {
            SHA256.HashData(Encoding.ASCII.GetBytes(trailer), hash);
            context!.ComputeTrailerSignature(previous, hash, signature);
            output.Write(Encoding.ASCII.GetBytes($"x-amz-trailer-signature:{Convert.ToHexStringLower(signature)}\r\n"));
        }

        output.Write("\r\n"u8);
        return output.ToArray();
    }
}
