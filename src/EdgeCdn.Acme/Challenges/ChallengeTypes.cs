namespace EdgeCdn.Acme.Challenges;

/// <summary>Challenge type names as the CA spells them (RFC 8555 §8.3, RFC 8737 §3).</summary>
internal static class ChallengeTypes
{
    public const string Http01 = "http-01";
    public const string TlsAlpn01 = "tls-alpn-01";
    public const string Dns01 = "dns-01";

    public static bool IsSupported(string type) => type is Http01 or TlsAlpn01;
}
