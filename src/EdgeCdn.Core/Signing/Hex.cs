namespace EdgeCdn.Core.Signing;

internal static class Hex
{
    private const string LowerDigits = "0123456789abcdef";
    private const string UpperDigits = "0123456789ABCDEF";

    public static void WriteLower(ReadOnlySpan<byte> bytes, Span<byte> dest)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            dest[2 * i] = (byte)LowerDigits[bytes[i] >> 4];
            dest[(2 * i) + 1] = (byte)LowerDigits[bytes[i] & 0xF];
        }
    }

    public static char UpperDigit(int nibble) => UpperDigits[nibble];

    public static int Value(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Decodes exactly <paramref name="dest"/>.Length bytes of hex (either case); false on any other input.</summary>
    public static bool TryDecode(ReadOnlySpan<char> hex, Span<byte> dest)
    {
        if (hex.Length != dest.Length * 2)
        {
            return false;
        }

        for (var i = 0; i < dest.Length; i++)
        {
            var hi = Value(hex[2 * i]);
            var lo = Value(hex[(2 * i) + 1]);
            if ((hi | lo) < 0)
            {
                return false;
            }

            dest[i] = (byte)((hi << 4) | lo);
        }

        return true;
    }
}
