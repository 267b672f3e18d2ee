namespace EdgeCdn.Core.Caching;

/// <summary>
/// Parses "Range: bytes=..." against a representation length: first-last, first-, and -suffix forms, several
/// ranges separated by commas. Ranges past the end are clipped; unsatisfiable ones dropped (RFC 9110 §14.1.2).
/// More than <see cref="MaxRanges"/> ranges is refused as abusive (RFC 9110 §14.2 allows a server to).
/// </summary>
public static class ByteRangeParser
{
    public const int MaxRanges = 32;

    public static RangeParseStatus Parse(ReadOnlySpan<char> header, long length, List<ByteRange> ranges)
    {
        ranges.Clear();
        header = header.Trim(" \t");
        if (header.IsEmpty)
        {
            return RangeParseStatus.None;
        }

        var eq = header.IndexOf('=');
        if (eq < 0)
        {
            return RangeParseStatus.Malformed;
        }

        if (!header[..eq].Trim(" \t").Equals("bytes", StringComparison.OrdinalIgnoreCase))
        {
            return RangeParseStatus.None;
        }

        var specs = header[(eq + 1)..];
        var count = 0;
        var any = false;
        foreach (var part in specs.Split(','))
        {
            var spec = specs[part].Trim(" \t");
            if (spec.IsEmpty)
            {
                continue;
            }

            if (++count > MaxRanges)
            {
                ranges.Clear();
                return RangeParseStatus.Malformed;
            }

            any = true;
            var dash = spec.IndexOf('-');
            if (dash < 0)
            {
                ranges.Clear();
                return RangeParseStatus.Malformed;
            }

            var firstText = spec[..dash].Trim(" \t");
            var lastText = spec[(dash + 1)..].Trim(" \t");
            if (firstText.IsEmpty)
            {
                // Suffix range: the last N bytes.
                if (!TryParseNumber(lastText, out var suffix))
                {
                    ranges.Clear();
                    return RangeParseStatus.Malformed;
                }

                if (suffix > 0 && length > 0)
                {
                    ranges.Add(new ByteRange(Math.Max(0, length - suffix), length - 1));
                }

                continue;
            }

            if (!TryParseNumber(firstText, out var first))
            {
                ranges.Clear();
                return RangeParseStatus.Malformed;
            }

            long last;
            if (lastText.IsEmpty)
            {
                last = length - 1;
            }
            else if (!TryParseNumber(lastText, out last) || last < first)
            {
                ranges.Clear();
                return RangeParseStatus.Malformed;
            }

            if (first < length)
            {
                ranges.Add(new ByteRange(first, Math.Min(last, length - 1)));
            }
        }

        if (!any)
        {
            return RangeParseStatus.Malformed;
        }

        return ranges.Count > 0 ? RangeParseStatus.Satisfiable : RangeParseStatus.Unsatisfiable;
    }

    private static bool TryParseNumber(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 18)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
