using System.Net.Sockets;
using System.Text;

namespace EdgeCdn.TestCommon.Edge;

/// <summary>Sends bytes exactly as given (what HttpClient would normalise or refuse) and reads the reply.</summary>
public static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> (with "Connection: close") and returns the status code and the
    /// whole response text.</summary>
    public static async Task<(int Status, string Response)> SendAsync(Uri baseUri, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseUri.Host, baseUri.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var reader = new MemoryStream();
        var buffer = new byte[16384];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                reader.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the response is fine: we have what was sent.
        }

        var text = Encoding.Latin1.GetString(reader.ToArray());
        var status = text.Length >= 12 && int.TryParse(text.AsSpan(9, 3), out var code) ? code : 0;
        return (status, text);
    }
}
