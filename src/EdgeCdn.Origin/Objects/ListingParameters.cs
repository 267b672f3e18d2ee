using System.Globalization;
using System.Text;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;

namespace EdgeCdn.Origin.Objects;

/// <summary>Parsing and rendering of listing parameters: max-keys, continuation tokens, encoding-type=url.</summary>
internal static class ListingParameters
{
    private const string TokenPrefix = "edgecdn1:";

    /// <summary>A max-keys style parameter: absent → <paramref name="limit"/>; above it → clamped; not a non-negative
    /// integer → InvalidArgument.</summary>
    public static int ParseMax(string? text, string name, int limit)
    {
        if (text is null)
        {
            return limit;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument, $"Provided {name} not an integer or within integer range",
                S3Exception.Detail("ArgumentName", name), S3Exception.Detail("ArgumentValue", text));
        }

        return Math.Min(value, limit);
    }

    /// <summary>An opaque token for "continue after <paramref name="marker"/>".</summary>
    public static string EncodeToken(string marker) => Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenPrefix + marker));

    public static string DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith(TokenPrefix, StringComparison.Ordinal))
            {
                return text[TokenPrefix.Length..];
            }
        }
        catch (FormatException)
        {
        }

        throw new S3Exception(S3ErrorCatalog.InvalidArgument, "The continuation token provided is incorrect",
            S3Exception.Detail("ArgumentName", "continuation-token"));
    }

    /// <summary>
    /// encoding-type=url as S3 applies it: UTF-8 percent-encoding of everything but unreserved characters, '/' and
    /// '*', with spaces as '+' (clients decode these values as form-encoded).
    /// </summary>
    public static string UrlEncode(string value)
    {
        var sb = new StringBuilder(value.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'/' or (byte)'*')
            {
                sb.Append((char)b);
            }
            else if (b == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    public static bool ParseEncodingType(string? value) => value switch
    {
        null => false,
        "url" => true,
        _ => throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Invalid Encoding Method specified in Request",
            S3Exception.Detail("ArgumentName", "encoding-type"), S3Exception.Detail("ArgumentValue", value)),
    };
}
