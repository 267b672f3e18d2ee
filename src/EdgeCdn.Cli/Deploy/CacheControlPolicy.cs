namespace EdgeCdn.Cli.Deploy;

/// <summary>
/// The Cache-Control a deployed file gets: fingerprinted assets (a content hash in the file name, as Vite, webpack
/// and Parcel write them: assets/index-3f9a1c2e.js, app.BXJ3aD_k.css) never change under their name, so they are
/// immutable for a year; HTML must be revalidated every time (no-cache) so that a deploy is seen at once; the
/// rest gets a short lifetime.
/// </summary>
internal static class CacheControlPolicy
{
    public const string Immutable = "public, max-age=31536000, immutable";
    public const string Revalidate = "no-cache";
    public const string Default = "public, max-age=300";

    public static string For(string relativePath) =>
        ContentTypes.IsHtml(relativePath) ? Revalidate : IsFingerprinted(relativePath) ? Immutable : Default;

    /// <summary>True when the last '-' or '.' separated token of the file name (before the extension) looks like a
    /// content hash: 8+ characters of [A-Za-z0-9_-] with a digit, or with both upper and lower case letters.</summary>
    public static bool IsFingerprinted(string relativePath)
    {
        var name = Path.GetFileNameWithoutExtension(relativePath);
        var cut = name.LastIndexOfAny(['-', '.']);
        if (cut <= 0)
        {
            return false;
        }

        var token = name.AsSpan(cut + 1);
        if (token.Length < 8 || token.Length > 64)
        {
            return false;
        }

        bool digit = false, upper = false, lower = false;
        foreach (var c in token)
        {
            if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                upper = true;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                lower = true;
            }
            else if (c is not '_' and not '-')
            {
                return false;
            }
        }

        return digit || (upper && lower);
    }
}
