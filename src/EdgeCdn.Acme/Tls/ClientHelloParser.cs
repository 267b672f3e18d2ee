using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EdgeCdn.Acme.Tls;

internal enum ClientHelloParseStatus
{
    /// <summary>A whole ClientHello was read; the ALPN list (possibly empty) is known.</summary>
    Complete,

    /// <summary>More bytes are needed.</summary>
    Incomplete,

    /// <summary>Not a TLS ClientHello, or malformed: the TLS layer will reject it on its own.</summary>
    Invalid,
}

/// <summary>
/// Reads the ALPN protocol names (RFC 7301) from a raw TLS ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2) before the
/// handshake starts, so that the tls-alpn-01 validation certificate can be served only to clients offering acme-tls/1.
/// The handshake message is reassembled when it spans several records.
/// </summary>
internal static class ClientHelloParser
{
    /// <summary>No real ClientHello comes near this; beyond it the bytes are not inspected.</summary>
    public const int MaxClientHelloBytes = 64 * 1024;

    private const byte HandshakeRecord = 22;
    private const byte ClientHelloMessage = 1;
    private const ushort AlpnExtension = 16;
    private const int MaxRecordPayload = 16384 + 2048;

    public static ClientHelloParseStatus TryReadAlpn(ReadOnlySequence<byte> input, out IReadOnlyList<string> protocols)
    {
        protocols = [];
        ReadOnlySpan<byte> bytes = input.IsSingleSegment ? input.FirstSpan : input.Slice(0, Math.Min(input.Length, MaxClientHelloBytes + 5 * 8)).ToArray();
        return TryReadAlpn(bytes, out protocols);
    }

    public static ClientHelloParseStatus TryReadAlpn(ReadOnlySpan<byte> bytes, out IReadOnlyList<string> protocols)
    {
        protocols = [];
        byte[]? assembled = null;
        var assembledLength = 0;
        var position = 0;
        while (true)
        {
            if (bytes.Length - position < 5)
            {
                return ClientHelloParseStatus.Incomplete;
            }

            if (bytes[position] != HandshakeRecord || bytes[position + 1] != 3)
            {
                return ClientHelloParseStatus.Invalid;
            }

            var recordLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 3)..]);
            if (recordLength is 0 or > MaxRecordPayload)
            {
                return ClientHelloParseStatus.Invalid;
            }

            if (bytes.Length - position - 5 < recordLength)
            {
                return ClientHelloParseStatus.Incomplete;
            }

            var fragment = bytes.Slice(position + 5, recordLength);
            position += 5 + recordLength;

            ReadOnlySpan<byte> handshake;
            if (assembled is null && fragment.Length >= 4 && 4 + ReadUInt24(fragment[1..]) <= fragment.Length)
            {
                // The common case: the whole ClientHello in the first record.
                handshake = fragment;
            }
            else
            {
                assembled ??= new byte[MaxClientHelloBytes];
                if (assembledLength + fragment.Length > assembled.Length)
                {
                    return ClientHelloParseStatus.Invalid;
                }

                fragment.CopyTo(assembled.AsSpan(assembledLength));
                assembledLength += fragment.Length;
                handshake = assembled.AsSpan(0, assembledLength);
            }

            if (handshake.Length < 4)
            {
                continue;
            }

            if (handshake[0] != ClientHelloMessage)
            {
                return ClientHelloParseStatus.Invalid;
            }

            var messageLength = ReadUInt24(handshake[1..]);
            if (messageLength > MaxClientHelloBytes - 4)
            {
                return ClientHelloParseStatus.Invalid;
            }

            if (handshake.Length < 4 + messageLength)
            {
                continue;
            }

            return ParseBody(handshake.Slice(4, messageLength), out protocols);
        }
    }

    private static ClientHelloParseStatus ParseBody(ReadOnlySpan<byte> body, out IReadOnlyList<string> protocols)
    {
        protocols = [];
        var p = 2 + 32; // legacy_version, random
        if (body.Length < p + 1)
        {
            return ClientHelloParseStatus.Invalid;
        }

        p += 1 + body[p]; // legacy_session_id
        if (!Skip16(body, ref p))
        {
            return ClientHelloParseStatus.Invalid; // cipher_suites
        }

        if (body.Length < p + 1)
        {
            return ClientHelloParseStatus.Invalid;
        }

        p += 1 + body[p]; // legacy_compression_methods
        if (p == body.Length)
        {
            return ClientHelloParseStatus.Complete; // no extensions at all
        }

        if (body.Length < p + 2)
        {
            return ClientHelloParseStatus.Invalid;
        }

        var extensionsEnd = p + 2 + BinaryPrimitives.ReadUInt16BigEndian(body[p..]);
        p += 2;
        if (extensionsEnd > body.Length)
        {
            return ClientHelloParseStatus.Invalid;
        }

        while (p + 4 <= extensionsEnd)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(body[p..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(body[(p + 2)..]);
            p += 4;
            if (p + length > extensionsEnd)
            {
                return ClientHelloParseStatus.Invalid;
            }

            if (type == AlpnExtension)
            {
                return ParseAlpn(body.Slice(p, length), out protocols);
            }

            p += length;
        }

        return p == extensionsEnd ? ClientHelloParseStatus.Complete : ClientHelloParseStatus.Invalid;
    }

    private static ClientHelloParseStatus ParseAlpn(ReadOnlySpan<byte> extension, out IReadOnlyList<string> protocols)
    {
        protocols = [];
        if (extension.Length < 2 || BinaryPrimitives.ReadUInt16BigEndian(extension) != extension.Length - 2)
        {
            return ClientHelloParseStatus.Invalid;
        }

        var list = new List<string>(4);
        var p = 2;
        while (p < extension.Length)
        {
            var length = extension[p++];
            if (length == 0 || p + length > extension.Length)
            {
                return ClientHelloParseStatus.Invalid;
            }

            list.Add(Encoding.ASCII.GetString(extension.Slice(p, length)));
            p += length;
        }

        protocols = list;
        return ClientHelloParseStatus.Complete;
    }

    private static bool Skip16(ReadOnlySpan<byte> body, ref int p)
    {
        if (body.Length < p + 2)
        {
            return false;
        }

        p += 2 + BinaryPrimitives.ReadUInt16BigEndian(body[p..]);
        return p <= body.Length;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => (bytes[0] << 16) | (bytes[1] << 8) | bytes[2];
}
