using System.Text;
using System.Text.Unicode;
using EdgeCdn.Core.S3;
using EdgeCdn.Core.Signing;
using EdgeCdn.Origin.Errors;

namespace EdgeCdn.Origin.Routing;

/// <summary>
/// Turns the raw request target and Host header into an <see cref="S3Request"/>. The key is decoded from the wire
/// form exactly once and must be valid UTF-8 without NUL, at most 1024 bytes; it is only ever a database value and
/// never becomes part of a file name, so '..', '/', '\' and the like are ordinary key characters.
/// </summary>
internal static class S3RequestParser
{
    public const int MaxKeyBytes = 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static S3Request Parse(string method, string rawTarget, string? host, string baseDomain, bool hasCopySource)
    {
        var (rawPath, rawQuery) = SplitTarget(rawTarget);
        var query = QueryParameters.Parse(rawQuery);
        string? bucket;
        string? rawKey;
        var virtualHosted = false;
        var hostBucket = BucketFromHost(host, baseDomain);
        if (hostBucket is not null)
        {
            virtualHosted = true;
            bucket = hostBucket;
            rawKey = rawPath.Length > 1 ? rawPath[1..] : null;
        }
        else
        {
            var path = rawPath.AsSpan(1);
            var slash = path.IndexOf('/');
            var rawBucket = slash < 0 ? path : path[..slash];
            bucket = rawBucket.IsEmpty ? null : UriEncoding.DecodePath(rawBucket);
            rawKey = slash < 0 || slash == path.Length - 1 ? null : path[(slash + 1)..].ToString();
        }

        string? key = null;
        S3Exception? keyError = null;
        if (rawKey is not null)
        {
            try
            {
                key = DecodeKey(rawKey);
            }
            catch (S3Exception e)
            {
                keyError = e;
                key = string.Empty;
            }
        }

        var (operation, name) = OperationResolver.Resolve(method, bucket is not null, key is not null, query, hasCopySource);
        return new S3Request
        {
            Method = method,
            RawPath = rawPath,
            RawQuery = rawQuery,
            Query = query,
            Bucket = bucket,
            Key = key,
            KeyError = keyError,
            VirtualHosted = virtualHosted,
            Operation = operation,
            OperationName = name,
        };
    }

    /// <summary>Splits the request target into path and query; absolute-form targets lose their scheme and authority.</summary>
    public static (string RawPath, string RawQuery) SplitTarget(string rawTarget)
    {
        var target = rawTarget;
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var authorityStart = target.IndexOf("//", StringComparison.Ordinal) + 2;
            var pathStart = target.IndexOfAny(['/', '?'], authorityStart);
            target = pathStart < 0 ? "/" : target[pathStart..];
        }

        var q = target.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? target : target[..q];
        var query = q < 0 ? string.Empty : target[(q + 1)..];
        if (path.Length == 0 || path[0] != '/')
        {
            throw new S3Exception(S3ErrorCatalog.InvalidURI);
        }

        return (path, query);
    }

    /// <summary>The bucket of a virtual-host-style Host header (bucket.&lt;base domain&gt;[:port]), or null.</summary>
    public static string? BucketFromHost(string? host, string baseDomain)
    {
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        var name = host.AsSpan();
        if (name.StartsWith('['))
        {
            return null; // IPv6 literal
        }

        var colon = name.LastIndexOf(':');
        if (colon >= 0)
        {
            name = name[..colon];
        }

        if (name.Length <= baseDomain.Length + 1 ||
            !name.EndsWith(baseDomain, StringComparison.OrdinalIgnoreCase) ||
            name[^(baseDomain.Length + 1)] != '.')
        {
            return null;
        }

        return name[..^(baseDomain.Length + 1)].ToString().ToLowerInvariant();
    }

    /// <summary>Percent-decodes a wire-form key into bytes and checks them: valid UTF-8, no NUL, at most 1024 bytes.</summary>
    public static string DecodeKey(ReadOnlySpan<char> raw)
    {
        var key = DecodeUtf8(raw);
        CheckLength(Encoding.UTF8.GetByteCount(key));
        return key;
    }

    /// <summary>Percent-decodes wire-form text into bytes that must be valid UTF-8 without NUL; InvalidURI otherwise.</summary>
    public static string DecodeUtf8(ReadOnlySpan<char> raw)
    {
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(raw.Length)];
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%' && i + 2 < raw.Length && IsHex(raw[i + 1]) && IsHex(raw[i + 2]))
            {
                bytes[n++] = (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes[n++] = (byte)c;
            }
            else
            {
                var count = char.IsHighSurrogate(c) && i + 1 < raw.Length ? 2 : 1;
                n += Encoding.UTF8.GetBytes(raw.Slice(i, count), bytes.AsSpan(n));
                i += count - 1;
            }
        }

        var utf8 = bytes.AsSpan(0, n);
        if (!Utf8.IsValid(utf8) || utf8.Contains((byte)0))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidURI, "Couldn't parse the specified URI: object keys must be UTF-8 without NUL characters.");
        }

        return Encoding.UTF8.GetString(utf8);
    }

    /// <summary>The checks of <see cref="DecodeKey"/> for a key that arrived decoded (in an XML body).</summary>
    public static void CheckKey(string key)
    {
        int bytes;
        try
        {
            bytes = StrictUtf8.GetByteCount(key);
        }
        catch (EncoderFallbackException)
        {
            bytes = -1;
        }

        if (bytes <= 0 || key.Contains('\0', StringComparison.Ordinal))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Object keys must be non-empty UTF-8 without NUL characters.");
        }

        CheckLength(bytes);
    }

    private static void CheckLength(int bytes)
    {
        if (bytes > MaxKeyBytes)
        {
            throw new S3Exception(S3ErrorCatalog.KeyTooLongError, null,
                S3Exception.Detail("MaxSizeAllowed", MaxKeyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                S3Exception.Detail("Size", bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
