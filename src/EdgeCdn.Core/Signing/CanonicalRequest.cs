using System.Buffers;

namespace EdgeCdn.Core.Signing;

/// <summary>How the path of a request becomes the CanonicalURI line.</summary>
public enum PathCanonicalization
{
    /// <summary>S3: the wire path is decoded once and encoded once, segment by segment; no normalisation.</summary>
    S3,

    /// <summary>
    /// Every other AWS service: dot segments and repeated slashes are removed, then the path as given is encoded
    /// (a wire path that was already escaped is therefore encoded twice, as AWS specifies).
    /// </summary>
    NormalizeAndEncode,

    /// <summary>The path as given, only encoded (no normalisation): non-S3 services that opt out of normalisation.</summary>
    EncodeOnly,
}

/// <summary>The pieces of the SigV4 canonical request, shared by the signer and the verifier so they cannot disagree.</summary>
internal static class CanonicalRequest
{
    private const int StackEntries = 16;

    public static void WritePath(ref Utf8Buffer buffer, ReadOnlySpan<char> rawPath, PathCanonicalization mode)
    {
        if (rawPath.IsEmpty)
        {
            buffer.Append((byte)'/');
            return;
        }

        switch (mode)
        {
            case PathCanonicalization.S3:
                UriEncoding.AppendDecodedThenEncoded(ref buffer, rawPath, keepSlash: true, plusIsSpace: false);
                break;
            case PathCanonicalization.NormalizeAndEncode:
                UriEncoding.AppendEncoded(ref buffer, NormalizePath(rawPath), keepSlash: true);
                break;
            default:
                UriEncoding.AppendEncoded(ref buffer, rawPath, keepSlash: true);
                break;
        }
    }

    /// <summary>
    /// Removes '.' and '..' segments and empty segments ('//'), keeping the leading '/' and a trailing '/'.
    /// </summary>
    public static string NormalizePath(ReadOnlySpan<char> path)
    {
        var segments = new List<string>();
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.IsEmpty || segment is ".")
            {
                continue;
            }

            if (segment is "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment.ToString());
        }

        var joined = "/" + string.Join('/', segments);
        var trailingSlash = path.EndsWith("/") || path.EndsWith("/.") || path.EndsWith("/..");
        return trailingSlash && segments.Count > 0 ? joined + "/" : joined;
    }

    /// <summary>
    /// Writes the canonical query string: each name and value decoded then encoded, sorted by name then value,
    /// joined with '&amp;'. With <paramref name="excludeSignature"/> the X-Amz-Signature parameter is left out
    /// (presigned URLs sign everything but the signature itself).
    /// </summary>
    public static void WriteQuery(ref Utf8Buffer buffer, ReadOnlySpan<char> rawQuery, bool excludeSignature)
    {
        if (!rawQuery.IsEmpty && rawQuery[0] == '?')
        {
            rawQuery = rawQuery[1..];
        }

        if (rawQuery.IsEmpty)
        {
            return;
        }

        var count = rawQuery.Count('&') + 1;
        QueryEntry[]? rented = null;
        var entries = count <= StackEntries
            ? stackalloc QueryEntry[StackEntries]
            : (rented = ArrayPool<QueryEntry>.Shared.Rent(count));
        var scratch = new Utf8Buffer(rawQuery.Length * 2);
        try
        {
            var n = 0;
            foreach (var range in rawQuery.Split('&'))
            {
                var part = rawQuery[range];
                if (part.IsEmpty)
                {
                    continue;
                }

                var eq = part.IndexOf('=');
                var name = eq < 0 ? part : part[..eq];
                var value = eq < 0 ? [] : part[(eq + 1)..];
                if (excludeSignature && IsSignatureParameter(name))
                {
                    continue;
                }

                var nameStart = scratch.Length;
                // A literal '+' stays a '+' (%2B), as the AWS test suite's get-query-plus case requires: only %20
                // is a space in a signed query.
                UriEncoding.AppendDecodedThenEncoded(ref scratch, name, keepSlash: false, plusIsSpace: false);
                var valueStart = scratch.Length;
                UriEncoding.AppendDecodedThenEncoded(ref scratch, value, keepSlash: false, plusIsSpace: false);
                entries[n++] = new QueryEntry(nameStart, valueStart - nameStart, valueStart, scratch.Length - valueStart);
            }

            var written = scratch.Written;
            var sorted = entries[..n];
            Sort(sorted, written);
            for (var i = 0; i < sorted.Length; i++)
            {
                if (i > 0)
                {
                    buffer.Append((byte)'&');
                }

                buffer.Append(written.Slice(sorted[i].NameStart, sorted[i].NameLength));
                buffer.Append((byte)'=');
                buffer.Append(written.Slice(sorted[i].ValueStart, sorted[i].ValueLength));
            }
        }
        finally
        {
            scratch.Dispose();
            if (rented is not null)
            {
                ArrayPool<QueryEntry>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Writes a header value with leading/trailing whitespace removed and inner runs collapsed to one space.</summary>
    public static void WriteHeaderValue(ref Utf8Buffer buffer, ReadOnlySpan<char> value)
    {
        value = value.Trim();
        var pendingSpace = false;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (IsWhitespace(value[i]))
            {
                if (!pendingSpace)
                {
                    buffer.Append(value[start..i]);
                    pendingSpace = true;
                }
            }
            else if (pendingSpace)
            {
                buffer.Append((byte)' ');
                pendingSpace = false;
                start = i;
            }
        }

        if (!pendingSpace)
        {
            buffer.Append(value[start..]);
        }
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSignatureParameter(ReadOnlySpan<char> rawName) =>
        rawName.Equals("X-Amz-Signature", StringComparison.Ordinal);

    private static void Sort(Span<QueryEntry> entries, ReadOnlySpan<byte> bytes)
    {
        // Query strings are short; insertion sort needs no delegate and no allocation. Long ones (only seen
        // from hostile or unusual clients) fall back to the library sort.
        if (entries.Length > 32)
        {
            var copy = entries.ToArray();
            var array = bytes.ToArray();
            Array.Sort(copy, (a, b) => Compare(a, b, array));
            copy.CopyTo(entries);
            return;
        }

        for (var i = 1; i < entries.Length; i++)
        {
            var current = entries[i];
            var j = i - 1;
            while (j >= 0 && Compare(entries[j], current, bytes) > 0)
            {
                entries[j + 1] = entries[j];
                j--;
            }

            entries[j + 1] = current;
        }
    }

    private static int Compare(QueryEntry a, QueryEntry b, ReadOnlySpan<byte> bytes)
    {
        var byName = bytes.Slice(a.NameStart, a.NameLength).SequenceCompareTo(bytes.Slice(b.NameStart, b.NameLength));
        return byName != 0
            ? byName
            : bytes.Slice(a.ValueStart, a.ValueLength).SequenceCompareTo(bytes.Slice(b.ValueStart, b.ValueLength));
    }

    private readonly record struct QueryEntry(int NameStart, int NameLength, int ValueStart, int ValueLength);
}
