using System.Security.Cryptography;
using EdgeCdn.Core.Signing;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Origin.Tests;

/// <summary>Requests written byte for byte (path exactly as given, no client normalisation) and SigV4-signed over
/// that exact wire form with Core's signer.</summary>
internal static class RawSigned
{
    public static async Task<RawHttp.Response> SendAsync(
        Uri server, string method, string rawPath, string rawQuery = "", byte[]? body = null, SigV4Signer? signer = null,
        DateTimeOffset? time = null, string? payloadHash = null, IEnumerable<KeyValuePair<string, string>>? headers = null, string? target = null, string? hostHeader = null)
    {
        var host = hostHeader ?? server.Authority;
        var amzDate = (time ?? DateTimeOffset.UtcNow).UtcDateTime.ToString(SigV4Constants.AmzDateFormat, System.Globalization.CultureInfo.InvariantCulture);
        var hash = payloadHash ?? Convert.ToHexStringLower(SHA256.HashData(body ?? []));
        var signed = new List<KeyValuePair<string, string>>
        {
            new("host", host),
            new("x-amz-date", amzDate),
            new("x-amz-content-sha256", hash),
        };
        signed.AddRange(headers ?? []);
        var result = (signer ?? SignedHttp.Signer()).Sign(new SigningRequest
        {
            Method = method, RawPath = rawPath, RawQuery = rawQuery, Headers = signed, PayloadHash = hash,
        }, time ?? DateTimeOffset.UtcNow);
        var all = signed.Select(h => h.Key == "host" ? new KeyValuePair<string, string>("Host", h.Value) : h).ToList();
        all.Add(new("Authorization", result.Authorization));
        var requestTarget = target ?? (rawQuery.Length > 0 ? rawPath + "?" + rawQuery : rawPath);
        return await RawHttp.SendAsync(server, method, requestTarget, all, body);
    }
}
