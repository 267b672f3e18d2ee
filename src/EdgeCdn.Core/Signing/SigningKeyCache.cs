using System.Security.Cryptography;
using System.Text;

namespace EdgeCdn.Core.Signing;

/// <summary>
/// Derived SigV4 signing keys (kDate → kRegion → kService → kSigning) for one secret. A key is valid for one
/// (date, region, service) scope, so a handful of entries covers a day of traffic; lookups compare spans and
/// allocate nothing. Entries are immutable and the array is replaced wholesale, so readers need no lock.
/// </summary>
internal sealed class SigningKeyCache
{
    private const int Capacity = 4;
    private readonly byte[] _secretPrefixed;
    private Entry[] _entries = [];
    private int _next;

    public SigningKeyCache(string secretAccessKey)
    {
        _secretPrefixed = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
    }

    /// <summary>Returns the signing key for a scope; <paramref name="date"/> is yyyyMMdd.</summary>
    public byte[] Get(ReadOnlySpan<char> date, ReadOnlySpan<char> region, ReadOnlySpan<char> service)
    {
        var entries = Volatile.Read(ref _entries);
        foreach (var e in entries)
        {
            if (date.SequenceEqual(e.Date) && region.SequenceEqual(e.Region) && service.SequenceEqual(e.Service))
            {
                return e.Key;
            }
        }

        var key = Derive(_secretPrefixed, date, region, service);
        var entry = new Entry(date.ToString(), region.ToString(), service.ToString(), key);
        lock (_secretPrefixed)
        {
            var current = _entries;
            var copy = current.Length < Capacity ? new Entry[current.Length + 1] : (Entry[])current.Clone();
            if (current.Length < Capacity)
            {
                current.CopyTo(copy, 0);
                copy[^1] = entry;
            }
            else
            {
                copy[_next] = entry;
                _next = (_next + 1) % Capacity;
            }

            Volatile.Write(ref _entries, copy);
        }

        return key;
    }

    internal static byte[] Derive(ReadOnlySpan<byte> secretPrefixed, ReadOnlySpan<char> date, ReadOnlySpan<char> region, ReadOnlySpan<char> service)
    {
        Span<byte> k = stackalloc byte[32];
        Span<byte> data = stackalloc byte[256];
        HMACSHA256.HashData(secretPrefixed, Utf8(date, data), k);
        HMACSHA256.HashData(k, Utf8(region, data), k);
        HMACSHA256.HashData(k, Utf8(service, data), k);
        HMACSHA256.HashData(k, "aws4_request"u8, k);
        return k.ToArray();
    }

    private static ReadOnlySpan<byte> Utf8(ReadOnlySpan<char> text, Span<byte> scratch)
    {
        var n = Encoding.UTF8.GetBytes(text, scratch);
        return scratch[..n];
    }

    private sealed record Entry(string Date, string Region, string Service, byte[] Key);
}
