using EdgeCdn.Core.Signing;

namespace EdgeCdn.Origin.Tests;

/// <summary>Requests signed with Core's SigV4 signer and sent by a plain HttpClient, for what the SDK won't send.</summary>
internal static class SignedHttp
{
    public static SigV4Signer Signer(string accessKey = OriginServer.RootAccessKey, string secretKey = OriginServer.RootSecretKey, string region = "us-east-1") =>
        new(new AwsCredential(accessKey, secretKey), region);

    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient http, HttpMethod method, Uri url, byte[]? body = null, SigV4Signer? signer = null, DateTimeOffset? time = null,
        string? payloadHash = null, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var message = new HttpRequestMessage(method, url);
        foreach (var (name, value) in headers ?? [])
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
        }

        var hash = payloadHash ?? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body ?? []));
        (signer ?? Signer()).Sign(message, time ?? DateTimeOffset.UtcNow, hash);
        return await http.SendAsync(message);
    }
}
