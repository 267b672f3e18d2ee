using System.Net.Security;
using EdgeCdn.Acme.Challenges;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace EdgeCdn.Acme.Tls;

/// <summary>
/// Kestrel's per-handshake callback for one listener: the tls-alpn-01 validation certificate for a CA that offered
/// acme-tls/1 for a name with an open challenge, otherwise the certificate the selector picks by SNI.
/// </summary>
internal sealed class EdgeTlsHandshake
{
    private readonly CertificateSelector _selector;
    private readonly ChallengeResponseStore _challenges;
    private readonly HttpProtocols _protocols;

    public EdgeTlsHandshake(CertificateSelector selector, ChallengeResponseStore challenges, HttpProtocols protocols)
    {
        _selector = selector;
        _challenges = challenges;
        _protocols = protocols;
    }

    public ValueTask<SslServerAuthenticationOptions> OnConnection(TlsHandshakeCallbackContext context)
    {
        var serverName = context.ClientHelloInfo.ServerName;
        if (context.Connection.Features.Get<AcmeTlsAlpnOfferedFeature>() is not null
            && _challenges.TryGetTlsAlpn01(serverName, out var validation))
        {
            return ValueTask.FromResult(validation);
        }

        return ValueTask.FromResult(_selector.Select(serverName).OptionsFor(_protocols));
    }
}
