using System.Net.Sockets;
using System.Text;

namespace EdgeCdn.TestCommon;

/// <summary>
/// Sends an HTTP/1.1 request exactly as written (request line, headers, body) over a fresh TCP connection and reads
/// the response. For requests an HttpClient would normalise away: dot segments, odd escapes, absolute-form targets.
/// </summary>
public static class RawHttp
{
    public sealed record Response(int StatusCode, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string BodyText => Encoding.UTF8.GetString(Body);
    }

    public static async Task<Response> SendAsync(Uri server, string method, string target, IEnumerable<KeyValuePair<string, string>> headers, byte[]? body = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        var head = new StringBuilder();
        head.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n");
        var hasHost = false;
        foreach (var (name, value) in headers)
        {
            hasHost |= name.Equals("host", StringComparison.OrdinalIgnoreCase);
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (!hasHost)
        {
            head.Append("Host: ").Append(server.Authority).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(body?.Length ?? 0).Append("\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()));
        if (body is { Length: > 0 })
        {
            await stream.WriteAsync(body);
        }

        using var all = new MemoryStream();
        await stream.CopyToAsync(all);
        return Parse(all.ToArray());
    }

    private static Response Parse(byte[] raw)
    {
        var text = Encoding.Latin1.GetString(raw);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidOperationException("No complete HTTP response received.");
        }

        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return new Response(status, headers, raw[(end + 4)..]);
    }
}
