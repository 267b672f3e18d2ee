using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace EdgeCdn.Acme.Tests;

/// <summary>What a TLS client saw: the leaf, the certificates the server sent after it, the protocol, whether the chain verified.</summary>
internal sealed record TlsProbeResult(
    X509Certificate2 Leaf,
    IReadOnlyList<X509Certificate2> SentChain,
    string NegotiatedAlpn,
    SslProtocols Protocol,
    bool ChainVerified,
    string ChainStatus);

/// <summary>Real TLS clients for the tests: a raw SslStream handshake, and HttpClients that resolve every name to 127.0.0.1.</summary>
internal static class TlsProbe
{
    /// <summary>Handshakes with <paramref name="serverName"/> as SNI; verifies the chain against <paramref name="root"/> (when given) with only the certificates the server sent.</summary>
    public static async Task<TlsProbeResult> HandshakeAsync(int port, string serverName, X509Certificate2? root = null, IEnumerable<string>? alpn = null, SslProtocols protocols = SslProtocols.None)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var ssl = new SslStream(tcp.GetStream());
        List<X509Certificate2> sent = [];
        var verified = false;
        var chainStatus = "not checked";
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = protocols,
            ApplicationProtocols = (alpn ?? ["h2", "http/1.1"]).Select(p => new SslApplicationProtocol(p)).ToList(),
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                // The platform puts the certificates the server sent (after the leaf) in the chain's extra store.
                sent = chain?.ChainPolicy.ExtraStore.Cast<X509Certificate2>().Where(c => c.Thumbprint != ((X509Certificate2)certificate!).Thumbprint).ToList() ?? [];
                if (root is not null && certificate is X509Certificate2 leaf)
                {
                    (verified, chainStatus) = Verify(leaf, sent, root);
                }

                return true;
            },
        });
        var leafCertificate = new X509Certificate2(ssl.RemoteCertificate!);
        return new TlsProbeResult(leafCertificate, sent, ssl.NegotiatedApplicationProtocol.ToString(), ssl.SslProtocol, verified, chainStatus);
    }

    public static (bool Verified, string Status) Verify(X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());
        var ok = chain.Build(leaf);
        return (ok, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())) is { Length: > 0 } text ? text : "ok");
    }

    /// <summary>An HttpClient that connects every request to 127.0.0.1:{port of the URL}, SNI from the URL, trusting only <paramref name="root"/> (or anything when null).</summary>
    public static HttpClient CreateHttpClient(X509Certificate2? root, bool newConnectionPerRequest = false)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            AllowAutoRedirect = false,
            PooledConnectionLifetime = newConnectionPerRequest ? TimeSpan.Zero : Timeout.InfiniteTimeSpan,
        };
        if (root is null)
        {
            // Tests of the self-signed fallback and of HTTP semantics over TLS: the certificate is not what is tested.
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck, DisableCertificateDownloads = true };
            policy.CustomTrustStore.Add(root);
            handler.SslOptions.CertificateChainPolicy = policy;
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
    }
}
