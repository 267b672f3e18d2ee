using System.Buffers;
using System.Text;

namespace EdgeCdn.Core.Signing;

/// <summary>
/// URI encoding as SigV4 defines it: every byte except the RFC 3986 unreserved set (A-Z a-z 0-9 - _ . ~) becomes
/// %XY with upper-case hex; in paths '/' is kept. S3 paths and all query components are decoded once first, so the
/// canonical form does not depend on how a client chose to escape them on the wire.
/// </summary>
public static class UriEncoding
{
    private const string UnreservedCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
    private static readonly SearchValues<char> Unreserved = SearchValues.Create(UnreservedCharacters);
    private static readonly SearchValues<char> UnreservedOrSlash = SearchValues.Create(UnreservedCharacters + "/");

    /// <summary>Encodes a literal (unescaped) string, e.g. an object key, for use in a URL or canonical request.</summary>
    public static string Encode(string value, bool keepSlash)
    {
        var buffer = new Utf8Buffer(value.Length * 3);
        try
        {
            AppendEncoded(ref buffer, value, keepSlash);
            return buffer.ToString();
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>Percent-decodes a path (no '+' handling) into its UTF-8 string; invalid escapes stay literal.</summary>
    public static string DecodePath(ReadOnlySpan<char> raw) => Decode(raw, plusIsSpace: false);

    /// <summary>Percent-decodes a query component, where '+' means a space (form encoding).</summary>
    public static string DecodeQueryComponent(ReadOnlySpan<char> raw) => Decode(raw, plusIsSpace: true);

    /// <summary>True for the RFC 3986 unreserved characters.</summary>
    public static bool IsUnreserved(int c) =>
        (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 || c == '-' || c == '_' || c == '.' || c == '~';

    /// <summary>
    /// Writes the canonical form of a wire-form component: decoded once (each valid %XY is one byte; '+' is a
    /// space when <paramref name="plusIsSpace"/>), then encoded once.
    /// </summary>
    internal static void AppendDecodedThenEncoded(ref Utf8Buffer buffer, ReadOnlySpan<char> raw, bool keepSlash, bool plusIsSpace) =>
        Transcode(ref buffer, raw, decode: true, plusIsSpace, encode: true, keepSlash);

    /// <summary>Writes a literal string encoded once (no decoding first).</summary>
    internal static void AppendEncoded(ref Utf8Buffer buffer, ReadOnlySpan<char> literal, bool keepSlash) =>
        Transcode(ref buffer, literal, decode: false, plusIsSpace: false, encode: true, keepSlash);

    private static string Decode(ReadOnlySpan<char> raw, bool plusIsSpace)
    {
        if (raw.IndexOfAny('%', '+') < 0)
        {
            return raw.ToString();
        }

        var buffer = new Utf8Buffer(raw.Length);
        try
        {
            Transcode(ref buffer, raw, decode: true, plusIsSpace, encode: false, keepSlash: true);
            return buffer.ToString();
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private static void Transcode(ref Utf8Buffer buffer, ReadOnlySpan<char> raw, bool decode, bool plusIsSpace, bool encode, bool keepSlash)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var verbatim = keepSlash ? UnreservedOrSlash : Unreserved;
        for (var i = 0; i < raw.Length; i++)
        {
            if (encode)
            {
                // Characters that stay as they are (most of any key or parameter) are copied a run at a time.
                var run = raw[i..].IndexOfAnyExcept(verbatim);
                if (run != 0)
                {
                    run = run < 0 ? raw.Length - i : run;
                    buffer.AppendAscii(raw.Slice(i, run));
                    i += run;
                    if (i == raw.Length)
                    {
                        break;
                    }
                }
            }

            var c = raw[i];
            if (decode && c == '%' && TryHexByte(raw, i + 1, out var decoded))
            {
                Emit(ref buffer, decoded, encode, keepSlash);
                i += 2;
            }
            else if (decode && plusIsSpace && c == '+')
            {
                Emit(ref buffer, (byte)' ', encode, keepSlash);
            }
            else if (c < 0x80)
            {
                Emit(ref buffer, (byte)c, encode, keepSlash);
            }
            else
            {
                var charCount = char.IsHighSurrogate(c) && i + 1 < raw.Length && char.IsLowSurrogate(raw[i + 1]) ? 2 : 1;
                var n = Encoding.UTF8.GetBytes(raw.Slice(i, charCount), utf8);
                for (var k = 0; k < n; k++)
                {
                    Emit(ref buffer, utf8[k], encode, keepSlash);
                }

                i += charCount - 1;
            }
        }
    }

    private static void Emit(ref Utf8Buffer buffer, byte b, bool encode, bool keepSlash)
    {
        if (!encode || IsUnreserved(b) || (keepSlash && b == '/'))
        {
            buffer.Append(b);
        }
        else
        {
            buffer.Append((byte)'%');
            buffer.Append((byte)Hex.UpperDigit(b >> 4));
            buffer.Append((byte)Hex.UpperDigit(b & 0xF));
        }
    }

    private static bool TryHexByte(ReadOnlySpan<char> raw, int index, out byte value)
    {
        value = 0;
        if (index + 1 >= raw.Length)
        {
            return false;
        }

        var hi = Hex.Value(raw[index]);
        var lo = Hex.Value(raw[index + 1]);
        if ((hi | lo) < 0)
        {
            return false;
        }

        value = (byte)((hi << 4) | lo);
        return true;
    }
}
