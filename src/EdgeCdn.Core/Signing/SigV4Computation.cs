using System.Security.Cryptography;

namespace EdgeCdn.Core.Signing;

/// <summary>The SigV4 steps proper: canonical request, string to sign, signature. Shared by signer and verifier.</summary>
internal static class SigV4Computation
{
    [ThreadStatic]
    private static IncrementalHash? t_hmac;

    [ThreadStatic]
    private static byte[]? t_hmacKey;

    public static void WriteCanonicalRequest<THeaders>(
        ref Utf8Buffer buffer,
        ReadOnlySpan<char> method,
        ReadOnlySpan<char> rawPath,
        PathCanonicalization pathMode,
        ReadOnlySpan<char> rawQuery,
        bool excludeSignatureFromQuery,
        ReadOnlySpan<char> signedHeaders,
        THeaders headers,
        ReadOnlySpan<char> payloadHash)
        where THeaders : IHeaderLookup
    {
        buffer.AppendAscii(method);
        buffer.Append((byte)'\n');
        CanonicalRequest.WritePath(ref buffer, rawPath, pathMode);
        buffer.Append((byte)'\n');
        CanonicalRequest.WriteQuery(ref buffer, rawQuery, excludeSignatureFromQuery);
        buffer.Append((byte)'\n');
        foreach (var range in signedHeaders.Split(';'))
        {
            var name = signedHeaders[range];
            if (name.IsEmpty)
            {
                continue;
            }

            buffer.Append(name);
            buffer.Append((byte)':');
            var value = headers.Get(KnownHeaderNames.Get(name));
            if (value is not null)
            {
                CanonicalRequest.WriteHeaderValue(ref buffer, value);
            }

            buffer.Append((byte)'\n');
        }

        buffer.Append((byte)'\n');
        buffer.Append(signedHeaders);
        buffer.Append((byte)'\n');
        buffer.Append(payloadHash);
    }

    public static void WriteStringToSign(ref Utf8Buffer buffer, ReadOnlySpan<char> amzDate, ReadOnlySpan<char> scope, ReadOnlySpan<byte> canonicalRequest)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(canonicalRequest, hash);
        buffer.Append("AWS4-HMAC-SHA256\n"u8);
        buffer.AppendAscii(amzDate);
        buffer.Append((byte)'\n');
        buffer.Append(scope);
        buffer.Append((byte)'\n');
        buffer.AppendLowerHex(hash);
    }

    /// <summary>HMAC-SHA256 of the string to sign under a cached signing key (arrays from <see cref="SigningKeyCache"/>,
    /// never changed after they are made). A thread signs with the same few keys over and over (one per access key and
    /// day), so it keeps its HMAC state for the last key instead of creating and freeing one per signature.</summary>
    public static void Sign(byte[] signingKey, ReadOnlySpan<byte> stringToSign, Span<byte> signature)
    {
        var hmac = t_hmac;
        if (hmac is null || !ReferenceEquals(t_hmacKey, signingKey))
        {
            hmac?.Dispose();
            t_hmac = null;
            hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, signingKey);
            t_hmac = hmac;
            t_hmacKey = signingKey;
        }

        hmac.AppendData(stringToSign);
        if (!hmac.TryGetHashAndReset(signature, out _))
        {
            throw new ArgumentException("The signature buffer must hold 32 bytes.", nameof(signature));
        }
    }

    /// <summary>Parses yyyyMMddTHHmmssZ without allocating.</summary>
    public static bool TryParseAmzDate(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != 16 || text[8] != 'T' || text[15] != 'Z')
        {
            return false;
        }

        if (!TryDigits(text[..4], out var year) || !TryDigits(text.Slice(4, 2), out var month) ||
            !TryDigits(text.Slice(6, 2), out var day) || !TryDigits(text.Slice(9, 2), out var hour) ||
            !TryDigits(text.Slice(11, 2), out var minute) || !TryDigits(text.Slice(13, 2), out var second))
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 ||
            minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    public static string FormatAmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString(SigV4Constants.AmzDateFormat, System.Globalization.CultureInfo.InvariantCulture);

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
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
