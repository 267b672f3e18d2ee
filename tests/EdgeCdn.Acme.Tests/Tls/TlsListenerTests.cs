using System.Globalization;
using System.Security.Authentication;
using EdgeCdn.Acme.Challenges;
using EdgeCdn.Acme.Storage;
using EdgeCdn.TestCommon;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCdn.Acme.Tests.Tls;

/// <summary>The TLS listener UseEdgeCdnTls sets up, seen by real clients (SslStream, openssl s_client); no CA needed.</summary>
public sealed class TlsListenerTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("acme-data");
    private AcmeTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await AcmeTestHost.StartAsync(new Dictionary<string, string?> { ["Acme:Enabled"] = "false", ["Acme:DataDirectory"] = _data.Path });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Theory]
    [InlineData("-tls1_3", "TLSv1.3")]
    [InlineData("-tls1_2", "TLSv1.2")]
    public async Task Handshake_Tls12AndTls13_SecondConnectionResumesTheSession(string flag, string version)
    {
        var session = _data.Combine($"session{flag}.pem");
        var first = await SClientAsync(flag, "-sess_out", session);
        var second = await SClientAsync(flag, "-sess_in", session);

        Assert.Contains($"New, {version}", first, StringComparison.Ordinal);
        Assert.Contains("hello over https HTTP/1.1", first, StringComparison.Ordinal);
        Assert.Contains($"Reused, {version}", second, StringComparison.Ordinal);
        Assert.Contains("hello over https HTTP/1.1", second, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-tls1_1")]
    [InlineData("-tls1")]
    public async Task Handshake_OlderThanTls12_Refused(string flag)
    {
        // SECLEVEL=0 lets the client offer the old version; the refusal is the server's.
        var output = await SClientAsync(flag, "-cipher", "DEFAULT@SECLEVEL=0");
        Assert.Contains("no peer certificate available", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hello over https", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_Alpn_H2PreferredHttp11Offered()
    {
        Assert.Equal("h2", (await TlsProbe.HandshakeAsync(_host.HttpsPort, "localhost", alpn: ["http/1.1", "h2"])).NegotiatedAlpn);
        Assert.Equal("http/1.1", (await TlsProbe.HandshakeAsync(_host.HttpsPort, "localhost", alpn: ["http/1.1"])).NegotiatedAlpn);
        Assert.Equal(SslProtocols.Tls13, (await TlsProbe.HandshakeAsync(_host.HttpsPort, "localhost")).Protocol);
    }

    [Fact]
    public async Task Handshake_NoSniOrUnknownName_SelfSignedFallback()
    {
        var unknown = await TlsProbe.HandshakeAsync(_host.HttpsPort, "not-configured.example.test");
        Assert.Equal(unknown.Leaf.Subject, _host.Selector.Fallback.Leaf.Subject);
        Assert.Equal(["localhost"], FileCertificateStore.SubjectAlternativeDnsNames(unknown.Leaf));
        var byAddress = await TlsProbe.HandshakeAsync(_host.HttpsPort, "127.0.0.1"); // an IP literal is never sent as SNI
        Assert.Equal(_host.Selector.Fallback.Leaf.Thumbprint, byAddress.Leaf.Thumbprint);
    }

    [Fact]
    public async Task Handshake_OpenTlsAlpn01Challenge_ValidationCertificateOnlyForAcmeTls1()
    {
        var challenges = _host.Services.GetRequiredService<ChallengeResponseStore>();
        using var validation = TlsAlpn01Certificate.Create("chal.example.test", "token.thumbprint", DateTimeOffset.UtcNow);
        challenges.AddTlsAlpn01("chal.example.test", validation);
        try
        {
            var ca = await TlsProbe.HandshakeAsync(_host.HttpsPort, "chal.example.test", alpn: ["acme-tls/1"]);
            Assert.Equal(validation.Thumbprint, ca.Leaf.Thumbprint);
            Assert.Equal("acme-tls/1", ca.NegotiatedAlpn);

            // A viewer of the same name on the same port, at the same time: the ordinary certificate and h2.
            var viewer = await TlsProbe.HandshakeAsync(_host.HttpsPort, "chal.example.test");
            Assert.NotEqual(validation.Thumbprint, viewer.Leaf.Thumbprint);
            Assert.Equal("h2", viewer.NegotiatedAlpn);

            // acme-tls/1 for a name without an open challenge never gets a validation certificate.
            var other = await Record.ExceptionAsync(async () =>
                Assert.NotEqual(validation.Thumbprint, (await TlsProbe.HandshakeAsync(_host.HttpsPort, "other.example.test", alpn: ["acme-tls/1"])).Leaf.Thumbprint));
            Assert.True(other is null or AuthenticationException or IOException, other?.ToString());
        }
        finally
        {
            challenges.RemoveTlsAlpn01("chal.example.test");
        }

        Assert.False(challenges.HasTlsAlpn01Challenges);
    }

    private async Task<string> SClientAsync(params string[] arguments)
    {
        string[] common = ["s_client", "-connect", "127.0.0.1:" + _host.HttpsPort.ToString(CultureInfo.InvariantCulture), "-servername", "localhost", "-ign_eof"];
        var (_, output) = await ProcessRunner.RunAsync("openssl", [.. common, .. arguments], null, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        return output;
    }
}
