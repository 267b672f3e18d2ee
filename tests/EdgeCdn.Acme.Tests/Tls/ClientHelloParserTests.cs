using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using EdgeCdn.Acme.Tls;

namespace EdgeCdn.Acme.Tests.Tls;

public sealed class ClientHelloParserTests
{
    [Theory]
    [InlineData("acme-tls/1")]
    [InlineData("h2,http/1.1")]
    [InlineData("http/1.1,acme-tls/1,h2")]
    public async Task TryReadAlpn_RealClientHello_ListsTheOfferedProtocols(string list)
    {
        var offered = list.Split(',');
        var hello = await CaptureClientHelloAsync(offered);

        Assert.Equal(ClientHelloParseStatus.Complete, ClientHelloParser.TryReadAlpn(hello, out var protocols));
        Assert.Equal(offered, protocols);
    }

    [Fact]
    public async Task TryReadAlpn_NoAlpnExtension_CompleteAndEmpty()
    {
        var hello = await CaptureClientHelloAsync(null);

        Assert.Equal(ClientHelloParseStatus.Complete, ClientHelloParser.TryReadAlpn(hello, out var protocols));
        Assert.Empty(protocols);
    }

    [Fact]
    public async Task TryReadAlpn_EveryTruncation_Incomplete()
    {
        var hello = await CaptureClientHelloAsync(["acme-tls/1"]);
        for (var length = 0; length < hello.Length; length++)
        {
            Assert.Equal(ClientHelloParseStatus.Incomplete, ClientHelloParser.TryReadAlpn(hello.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public async Task TryReadAlpn_HandshakeSplitAcrossRecordsAndSegments_Reassembled()
    {
        var hello = await CaptureClientHelloAsync(["h2", "acme-tls/1"]);
        // Re-frame the one handshake message as three TLS records of arbitrary sizes (RFC 8446 §5.1 allows it).
        var message = hello.AsSpan(5).ToArray();
        var records = new List<byte>();
        foreach (var (start, length) in new[] { (0, 3), (3, 40), (43, message.Length - 43) })
        {
            records.AddRange([22, 3, 1, (byte)(length >> 8), (byte)length]);
            records.AddRange(message.AsSpan(start, length).ToArray());
        }

        var bytes = records.ToArray();
        Assert.Equal(ClientHelloParseStatus.Complete, ClientHelloParser.TryReadAlpn(bytes, out var protocols));
        Assert.Equal(["h2", "acme-tls/1"], protocols);

        // The same bytes as a pipe would deliver them: many small segments.
        Assert.Equal(ClientHelloParseStatus.Complete, ClientHelloParser.TryReadAlpn(Segmented(bytes, 7), out var fromSegments));
        Assert.Equal(["h2", "acme-tls/1"], fromSegments);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    public void TryReadAlpn_NotTls_Invalid(string text)
    {
        Assert.Equal(ClientHelloParseStatus.Invalid, ClientHelloParser.TryReadAlpn(System.Text.Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public async Task TryReadAlpn_CorruptedAlpnLength_Invalid()
    {
        var hello = await CaptureClientHelloAsync(["acme-tls/1"]);
        var alpn = IndexOf(hello, [0x00, 0x10]); // extension type 16
        hello[alpn + 5] ^= 0x40; // protocol_name_list length no longer matches the extension length
        Assert.Equal(ClientHelloParseStatus.Invalid, ClientHelloParser.TryReadAlpn(hello, out _));
    }

    /// <summary>The first bytes a real .NET TLS client sends (its ClientHello record), captured on a loopback socket.</summary>
    internal static async Task<byte[]> CaptureClientHelloAsync(string[]? alpn)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var client = Task.Run(async () =>
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            await using var ssl = new SslStream(tcp.GetStream());
            try
            {
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "hello.example.test",
                    ApplicationProtocols = alpn?.Select(p => new SslApplicationProtocol(p)).ToList(),
                });
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
            {
                // The "server" hangs up after reading the ClientHello.
            }
        });

        using var server = await listener.AcceptTcpClientAsync();
        var stream = server.GetStream();
        var buffer = new byte[16384];
        var length = 0;
        while (ClientHelloParser.TryReadAlpn(buffer.AsSpan(0, length), out _) == ClientHelloParseStatus.Incomplete)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length));
            Assert.True(read > 0);
            length += read;
        }

        server.Close();
        await client;
        return buffer[..length];
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int size)
    {
        Segment? first = null;
        Segment? last = null;
        for (var i = 0; i < bytes.Length; i += size)
        {
            var memory = bytes.AsMemory(i, Math.Min(size, bytes.Length - i));
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        // The ALPN list starts with "acme-tls/1"'s length byte (10) right after the extension header and list length.
        for (var i = 0; i < haystack.Length - 8; i++)
        {
            if (haystack[i] == needle[0] && haystack[i + 1] == needle[1] && haystack[i + 6] == 10 && haystack[i + 7] == (byte)'a')
            {
                return i;
            }
        }

        throw new InvalidOperationException("no ALPN extension");
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
