namespace EdgeCdn.Acme.Tls;

/// <summary>Set on a connection whose ClientHello offered ALPN acme-tls/1 (RFC 8737): a CA validating tls-alpn-01.</summary>
internal sealed class AcmeTlsAlpnOfferedFeature
{
    public static readonly AcmeTlsAlpnOfferedFeature Instance = new();

    private AcmeTlsAlpnOfferedFeature()
    {
    }
}
