using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EdgeCdn.Acme.Protocol;

/// <summary>
/// JWS in the flattened JSON serialization (RFC 7515 §7.2.2), as RFC 8555 §6.2 requires for every POST:
/// protected header with alg, nonce, url and either jwk (newAccount, before an account URL exists) or kid.
/// </summary>
internal static class Jws
{
    /// <summary>Signs <paramref name="payloadJson"/> (null for POST-as-GET: the payload is the empty string).</summary>
    public static byte[] SignEs256(AccountKey key, string url, string? nonce, string? kid, ReadOnlySpan<byte> payloadJson, bool postAsGet)
    {
        var header = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(header))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", "ES256");
            if (kid is null)
            {
                writer.WritePropertyName("jwk");
                writer.WriteRawValue(key.JwkJson, skipInputValidation: true);
            }
            else
            {
                writer.WriteString("kid", kid);
            }

            if (nonce is not null)
            {
                writer.WriteString("nonce", nonce);
            }

            writer.WriteString("url", url);
            writer.WriteEndObject();
        }

        var protectedB64 = Base64Url.EncodeToString(header.WrittenSpan);
        var payloadB64 = postAsGet ? string.Empty : Base64Url.EncodeToString(payloadJson);
        var signature = key.SignEs256(Encoding.ASCII.GetBytes(protectedB64 + "." + payloadB64));
        return Flatten(protectedB64, payloadB64, Base64Url.EncodeToString(signature));
    }

    /// <summary>
    /// RFC 8555 §7.3.4 external account binding: a JWS over the account's public JWK, MACed with HS256 under the key the
    /// CA handed out, with the EAB key identifier as kid and the newAccount URL as url (no nonce).
    /// </summary>
    public static byte[] ExternalAccountBinding(string keyId, ReadOnlySpan<byte> macKey, string newAccountUrl, string accountJwkJson)
    {
        var header = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(header))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", "HS256");
            writer.WriteString("kid", keyId);
            writer.WriteString("url", newAccountUrl);
            writer.WriteEndObject();
        }

        var protectedB64 = Base64Url.EncodeToString(header.WrittenSpan);
        var payloadB64 = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(accountJwkJson));
        var mac = SignHs256(macKey, protectedB64 + "." + payloadB64);
        return Flatten(protectedB64, payloadB64, Base64Url.EncodeToString(mac));
    }

    public static byte[] SignHs256(ReadOnlySpan<byte> macKey, string signingInput) =>
        HMACSHA256.HashData(macKey, Encoding.ASCII.GetBytes(signingInput));

    private static byte[] Flatten(string protectedB64, string payloadB64, string signatureB64)
    {
        var body = new ArrayBufferWriter<byte>(protectedB64.Length + payloadB64.Length + signatureB64.Length + 48);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("protected", protectedB64);
            writer.WriteString("payload", payloadB64);
            writer.WriteString("signature", signatureB64);
            writer.WriteEndObject();
        }

        return body.WrittenSpan.ToArray();
    }
}
