using EdgeCdn.Acme.Challenges;
using EdgeCdn.Acme.Tls;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCdn.Acme;

public static class AcmeListenOptionsExtensions
{
    /// <summary>
    /// Terminates TLS on this listener with EdgeCdn's certificates: chosen by SNI on every handshake (ACME-issued, stored,
    /// or the self-signed fallback), full chain sent, TLS 1.2/1.3 only, HTTP/2 and HTTP/1.1 through ALPN, session
    /// resumption on, and tls-alpn-01 validations answered on the same port (only to clients offering acme-tls/1).
    /// Stored certificates are loaded here, before the first connection. Requires <see cref="AcmeServiceCollectionExtensions.AddEdgeCdnAcme"/>.
    /// </summary>
    public static ListenOptions UseEdgeCdnTls(this ListenOptions listenOptions, TimeSpan? handshakeTimeout = null)
    {
        var services = listenOptions.ApplicationServices;
        var selector = services.GetRequiredService<CertificateSelector>();
        var challenges = services.GetRequiredService<ChallengeResponseStore>();

        // Kestrel configures listeners synchronously while the server starts; loading PEM files here means the very first
        // handshake already gets the stored certificate, with no call to the CA.
        selector.EnsureLoadedAsync(CancellationToken.None).GetAwaiter().GetResult();

        // No HTTP/3 here (no libmsquic on these machines); everything else the listener allows is offered through ALPN.
        listenOptions.Protocols &= HttpProtocols.Http1AndHttp2;
        if (listenOptions.Protocols == HttpProtocols.None)
        {
            listenOptions.Protocols = HttpProtocols.Http1AndHttp2;
        }

        var handshake = new EdgeTlsHandshake(selector, challenges, listenOptions.Protocols);
        listenOptions.Use(next => new ClientHelloAlpnMiddleware(next, challenges).OnConnectionAsync);
        listenOptions.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = handshake.OnConnection,
            HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(10),
        });

        // RFC 8737 §3: after a tls-alpn-01 handshake nothing more is exchanged; close instead of waiting for HTTP.
        listenOptions.Use(next => connection =>
            connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol.Span.SequenceEqual("acme-tls/1"u8) == true
                ? Task.CompletedTask
                : next(connection));
        return listenOptions;
    }
}
