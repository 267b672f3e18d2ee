using EdgeCdn.Acme.Challenges;
using Microsoft.AspNetCore.Connections;

namespace EdgeCdn.Acme.Tls;

/// <summary>
/// Connection middleware that runs before the TLS handshake and, only while a tls-alpn-01 challenge is open, peeks at
/// the ClientHello without consuming it: when the client offers acme-tls/1 the connection is marked so that the
/// handshake callback serves the validation certificate. Viewers' handshakes are untouched (and not even inspected
/// when no challenge is open). Kestrel 10 has no public ClientHello hook for callback-based TLS, hence this.
/// </summary>
internal sealed class ClientHelloAlpnMiddleware
{
    private static readonly TimeSpan PeekTimeout = TimeSpan.FromSeconds(10);

    private readonly ConnectionDelegate _next;
    private readonly ChallengeResponseStore _challenges;

    public ClientHelloAlpnMiddleware(ConnectionDelegate next, ChallengeResponseStore challenges)
    {
        _next = next;
        _challenges = challenges;
    }

    public Task OnConnectionAsync(ConnectionContext connection) =>
        _challenges.HasTlsAlpn01Challenges ? PeekThenContinueAsync(connection) : _next(connection);

    private async Task PeekThenContinueAsync(ConnectionContext connection)
    {
        if (await OffersAcmeTls1Async(connection))
        {
            connection.Features.Set(AcmeTlsAlpnOfferedFeature.Instance);
        }

        await _next(connection);
    }

    private static async Task<bool> OffersAcmeTls1Async(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(PeekTimeout);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token);
                var buffer = result.Buffer;
                var status = ClientHelloParser.TryReadAlpn(buffer, out var protocols);
                if (status == ClientHelloParseStatus.Incomplete && !result.IsCompleted && buffer.Length < ClientHelloParser.MaxClientHelloBytes)
                {
                    // Nothing consumed, everything examined: wait for more bytes.
                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                // Nothing consumed and nothing examined: the TLS layer reads the same bytes from the start.
                input.AdvanceTo(buffer.Start);
                return status == ClientHelloParseStatus.Complete && protocols.Contains(TlsAlpn01Certificate.AcmeTls1Name);
            }
        }
        catch (OperationCanceledException)
        {
            // Silent client or closed connection: the handshake (with its own timeout) deals with it.
            return false;
        }
    }
}
