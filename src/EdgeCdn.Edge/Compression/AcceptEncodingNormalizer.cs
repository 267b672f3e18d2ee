using Microsoft.Extensions.Primitives;

namespace EdgeCdn.Edge.Compression;

/// <summary>
/// CloudFront's Accept-Encoding normalisation: the viewer's header becomes "br" (preferred), "gzip" or nothing
/// (identity), as far as the cache policy enables them; that value is the cache key's variant and what the origin
/// is asked for. Returns interned strings, so the hit path does not allocate.
/// </summary>
internal static class AcceptEncodingNormalizer
{
    public const string Brotli = "br";
    public const string Gzip = "gzip";
    public const string Identity = "";

    public static string Normalize(StringValues acceptEncoding, bool allowBrotli, bool allowGzip)
    {
        if ((!allowBrotli && !allowGzip) || acceptEncoding.Count == 0)
        {
            return Identity;
        }

        var brotli = false;
        var gzip = false;
        foreach (var value in acceptEncoding)
        {
            var span = value.AsSpan();
            foreach (var range in span.Split(','))
            {
                var item = span[range].Trim(" \t");
                var semicolon = item.IndexOf(';');
                var coding = (semicolon < 0 ? item : item[..semicolon]).Trim(" \t");
                if (semicolon >= 0 && IsZeroQuality(item[(semicolon + 1)..]))
                {
                    continue;
                }

                if (coding.Equals("br", StringComparison.OrdinalIgnoreCase))
                {
                    brotli = true;
                }
                else if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
                {
                    gzip = true;
                }
            }
        }

        return brotli && allowBrotli ? Brotli : gzip && allowGzip ? Gzip : Identity;
    }

    private static bool IsZeroQuality(ReadOnlySpan<char> parameters)
    {
        var p = parameters.Trim(" \t");
        if (!p.StartsWith("q=", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var q = p[2..].Trim(" \t");
        foreach (var c in q)
        {
            if (c is not ('0' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
