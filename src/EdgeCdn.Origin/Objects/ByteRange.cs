using System.Globalization;

namespace EdgeCdn.Origin.Objects;

/// <summary>
/// One byte range from a Range header (bytes=a-b, bytes=a-, bytes=-n). A header that does not parse, or asks for
/// several ranges, is ignored (the whole object is sent), as S3 does; a range that starts past the end is
/// unsatisfiable (416 InvalidRange).
/// </summary>
internal readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length - 1;

    /// <summary>Null when the header is absent or ignored; <paramref name="unsatisfiable"/> when it can't be served.</summary>
    public static ByteRange? Parse(string header, long size, out bool unsatisfiable)
    {
        unsatisfiable = false;
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var spec = header.AsSpan("bytes=".Length).Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return null;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return null;
            }

            if (suffix == 0 || size == 0)
            {
                unsatisfiable = true;
                return null;
            }

            var length = Math.Min(suffix, size);
            return new ByteRange(size - length, length);
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        var end = long.MaxValue;
        if (!last.IsEmpty && !long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end))
        {
            return null;
        }

        if (end < start)
        {
            return null;
        }

        if (start >= size)
        {
            unsatisfiable = true;
            return null;
        }

        end = Math.Min(end, size - 1);
        return new ByteRange(start, end - start + 1);
    }
}
