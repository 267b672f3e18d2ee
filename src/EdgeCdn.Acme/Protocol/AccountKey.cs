using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace EdgeCdn.Acme.Protocol;

/// <summary>
/// The ACME account key: ECDSA P-256, signing with ES256 (RFC 7518 §3.4: the signature is r||s, which is what
/// <see cref="ECDsa.SignData(byte[], HashAlgorithmName)"/> returns by default).
/// </summary>
internal sealed class AccountKey : IDisposable
{
    private readonly ECDsa _key;

    private AccountKey(ECDsa key)
    {
        _key = key;
        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value || parameters.Q.X is not { Length: 32 } || parameters.Q.Y is not { Length: 32 })
        {
            throw new CryptographicException("The ACME account key must be an ECDSA P-256 key.");
        }

        // RFC 7638 §3.2: the thumbprint input holds the required members only, in lexicographic order, no whitespace.
        // For EC keys that order is crv, kty, x, y; the same text serves as the "jwk" header member.
        JwkJson = $$"""{"crv":"P-256","kty":"EC","x":"{{Base64Url.EncodeToString(parameters.Q.X)}}","y":"{{Base64Url.EncodeToString(parameters.Q.Y)}}"}""";
        Thumbprint = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(JwkJson)));
    }

    /// <summary>The public key as a JWK (RFC 7517), members in thumbprint order.</summary>
    public string JwkJson { get; }

    /// <summary>base64url(SHA-256(JWK)) as RFC 7638 defines it: the second half of every key authorization.</summary>
    public string Thumbprint { get; }

    public static AccountKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static AccountKey FromPem(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return new AccountKey(key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public string ExportPem() => _key.ExportPkcs8PrivateKeyPem();

    public byte[] SignEs256(ReadOnlySpan<byte> signingInput) => _key.SignData(signingInput, HashAlgorithmName.SHA256);

    /// <summary>RFC 8555 §8.1: keyAuthorization = token || '.' || base64url(Thumbprint(accountKey)).</summary>
    public string KeyAuthorization(string token) => token + "." + Thumbprint;

    public void Dispose() => _key.Dispose();
}
