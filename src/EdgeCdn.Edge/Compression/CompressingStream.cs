using System.IO.Compression;

namespace EdgeCdn.Edge.Compression;

/// <summary>Creates the compressor for a normalised encoding (br or gzip).</summary>
internal static class CompressingStream
{
    public static Stream Create(string encoding, Stream destination) => encoding switch
    {
        AcceptEncodingNormalizer.Brotli => new BrotliStream(destination, new BrotliCompressionOptions { Quality = 5 }, leaveOpen: true),
        AcceptEncodingNormalizer.Gzip => new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Not a compression encoding."),
    };
}
