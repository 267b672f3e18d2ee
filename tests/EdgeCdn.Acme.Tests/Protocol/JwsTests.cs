using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeCdn.Acme.Protocol;

namespace EdgeCdn.Acme.Tests.Protocol;

public sealed class JwsTests
{
    // RFC 7515 Appendix A.3: the ES256 example key (JWK members, base64url).
    private const string X = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    private const string Y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
    private const string D = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI";
    private const string A1Payload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";

    [Fact]
    public void SignHs256_Rfc7515AppendixA1_MatchesPublishedSignature()
    {
        var key = Base64Url.DecodeFromChars("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
        var mac = Jws.SignHs256(key, "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9." + A1Payload);
        Assert.Equal("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", Base64Url.EncodeToString(mac));
    }

    [Fact]
    public void Es256_Rfc7515AppendixA3_PublishedSignatureVerifies_AndOursHasTheSameShape()
    {
        using var key = Rfc7515Key();
        var input = Encoding.ASCII.GetBytes("eyJhbGciOiJFUzI1NiJ9." + A1Payload);
        var published = Base64Url.DecodeFromChars("DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q");
        // JWS ES256 signatures are r||s (64 bytes), the IEEE P1363 form: what .NET verifies and produces by default.
        Assert.True(key.VerifyData(input, published, HashAlgorithmName.SHA256));

        using var account = AccountKey.FromPem(key.ExportPkcs8PrivateKeyPem());
        var ours = account.SignEs256(input);
        Assert.Equal(64, ours.Length);
        Assert.True(key.VerifyData(input, ours, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void AccountKey_Jwk_RequiredMembersInLexicalOrder_ThumbprintPerRfc7638()
    {
        using var key = Rfc7515Key();
        using var account = AccountKey.FromPem(key.ExportPkcs8PrivateKeyPem());

        Assert.Equal($$"""{"crv":"P-256","kty":"EC","x":"{{X}}","y":"{{Y}}"}""", account.JwkJson);
        // Computed independently: printf '%s' "$jwk" | openssl dgst -sha256 -binary | base64url.
        Assert.Equal("oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U", account.Thumbprint);
        Assert.Equal("tok3n.oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U", account.KeyAuthorization("tok3n"));
    }

    [Fact]
    public void SignEs256_NewAccount_JwkHeader_KidLater_PostAsGetHasEmptyPayload()
    {
        using var account = AccountKey.Create();
        var withJwk = Parse(Jws.SignEs256(account, "https://ca/new-acct", "n1", kid: null, """{"termsOfServiceAgreed":true}"""u8, postAsGet: false));
        var withKid = Parse(Jws.SignEs256(account, "https://ca/order/1", "n2", kid: "https://ca/acct/7", [], postAsGet: true));

        Assert.Equal("ES256", withJwk.Header.GetProperty("alg").GetString());
        Assert.Equal(account.JwkJson, withJwk.Header.GetProperty("jwk").GetRawText());
        Assert.False(withJwk.Header.TryGetProperty("kid", out _));
        Assert.Equal("n1", withJwk.Header.GetProperty("nonce").GetString());
        Assert.Equal("https://ca/new-acct", withJwk.Header.GetProperty("url").GetString());
        Assert.Equal("""{"termsOfServiceAgreed":true}""", withJwk.Payload);

        Assert.Equal("https://ca/acct/7", withKid.Header.GetProperty("kid").GetString());
        Assert.False(withKid.Header.TryGetProperty("jwk", out _));
        Assert.Equal("", withKid.PayloadB64);

        foreach (var jws in new[] { withJwk, withKid })
        {
            Assert.DoesNotContain('=', jws.ProtectedB64 + jws.PayloadB64 + jws.SignatureB64);
            using var publicKey = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint
                {
                    X = Base64Url.DecodeFromChars(JsonDocument.Parse(account.JwkJson).RootElement.GetProperty("x").GetString()),
                    Y = Base64Url.DecodeFromChars(JsonDocument.Parse(account.JwkJson).RootElement.GetProperty("y").GetString()),
                },
            });
            Assert.True(publicKey.VerifyData(Encoding.ASCII.GetBytes(jws.ProtectedB64 + "." + jws.PayloadB64), Base64Url.DecodeFromChars(jws.SignatureB64), HashAlgorithmName.SHA256));
        }
    }

    [Fact]
    public void ExternalAccountBinding_Hs256OverTheAccountJwk_KidAndUrl_NoNonce()
    {
        using var account = AccountKey.Create();
        var macKey = RandomNumberGenerator.GetBytes(32);
        var eab = Parse(Jws.ExternalAccountBinding("kid-1", macKey, "https://ca/new-acct", account.JwkJson));

        Assert.Equal("HS256", eab.Header.GetProperty("alg").GetString());
        Assert.Equal("kid-1", eab.Header.GetProperty("kid").GetString());
        Assert.Equal("https://ca/new-acct", eab.Header.GetProperty("url").GetString());
        Assert.False(eab.Header.TryGetProperty("nonce", out _));
        Assert.Equal(account.JwkJson, eab.Payload);
        var expected = HMACSHA256.HashData(macKey, Encoding.ASCII.GetBytes(eab.ProtectedB64 + "." + eab.PayloadB64));
        Assert.Equal(Base64Url.EncodeToString(expected), eab.SignatureB64);
    }

    private static ECDsa Rfc7515Key() => ECDsa.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Base64Url.DecodeFromChars(X), Y = Base64Url.DecodeFromChars(Y) },
        D = Base64Url.DecodeFromChars(D),
    });

    private static (JsonElement Header, string Payload, string ProtectedB64, string PayloadB64, string SignatureB64) Parse(byte[] jws)
    {
        using var document = JsonDocument.Parse(jws);
        var root = document.RootElement;
        Assert.Equal(3, root.EnumerateObject().Count());
        var protectedB64 = root.GetProperty("protected").GetString()!;
        var payloadB64 = root.GetProperty("payload").GetString()!;
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(protectedB64)).RootElement.Clone();
        return (header, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(payloadB64)), protectedB64, payloadB64, root.GetProperty("signature").GetString()!);
    }
}
