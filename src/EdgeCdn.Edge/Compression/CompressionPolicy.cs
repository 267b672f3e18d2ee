namespace EdgeCdn.Edge.Compression;

/// <summary>
/// When the edge compresses (CloudFront's rules): the origin sent no Content-Encoding, the body's Content-Length is
/// between 1,000 and 10,000,000 bytes, and the Content-Type is one of the compressible types.
/// </summary>
internal static class CompressionPolicy
{
    public const long MinBytes = 1_000;
    public const long MaxBytes = 10_000_000;

    private static readonly HashSet<string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/dash+xml", "application/eot", "application/font", "application/font-sfnt", "application/javascript",
        "application/json", "application/opentype", "application/otf", "application/pdf", "application/pkcs7-mime",
        "application/protobuf", "application/rss+xml", "application/truetype", "application/ttf",
        "application/vnd.apple.mpegurl", "application/vnd.mapbox-vector-tile", "application/vnd.ms-fontobject",
        "application/wasm", "application/xhtml+xml", "application/xml", "application/x-font-opentype",
        "application/x-font-truetype", "application/x-font-ttf", "application/x-httpd-cgi", "application/x-javascript",
        "application/x-mpegurl", "application/x-opentype", "application/x-otf", "application/x-perl", "application/x-ttf",
        "font/eot", "font/opentype", "font/otf", "font/ttf", "image/svg+xml", "text/css", "text/csv", "text/html",
        "text/javascript", "text/js", "text/plain", "text/richtext", "text/tab-separated-values", "text/xml",
        "text/x-script", "text/x-component", "text/x-java-source",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Types.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsCompressible(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        return Lookup.Contains((semicolon < 0 ? span : span[..semicolon]).Trim(" \t"));
    }

    public static bool ShouldCompress(string encoding, string? contentType, string? contentEncoding, long? contentLength) =>
        encoding.Length > 0 &&
        string.IsNullOrEmpty(contentEncoding) &&
        contentLength is >= MinBytes and <= MaxBytes &&
        IsCompressible(contentType);
}
