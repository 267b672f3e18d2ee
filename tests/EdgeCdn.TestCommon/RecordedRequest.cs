using EdgeCdn.Core.Signing;

namespace EdgeCdn.TestCommon;

/// <summary>A request exactly as a loopback server received it: raw target, headers, body.</summary>
public sealed class RecordedRequest : ISignableRequest
{
    public required string Method { get; init; }

    public required string RawPath { get; init; }

    public required string RawQuery { get; init; }

    /// <summary>Header values by name (case-insensitive), in the order received.</summary>
    public required Dictionary<string, List<string>> Headers { get; init; }

    public required byte[] Body { get; init; }

    public IEnumerable<string> HeaderNames => Headers.Keys;

    public string? GetHeader(string name) =>
        Headers.TryGetValue(name, out var values) ? string.Join(',', values) : null;

    /// <summary>A copy with some parts replaced, for tamper tests.</summary>
    public RecordedRequest With(string? rawPath = null, string? rawQuery = null, byte[]? body = null, string? method = null,
        (string Name, string Value)? header = null)
    {
        var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in Headers)
        {
            headers[name] = [.. values];
        }

        if (header is { } h)
        {
            headers[h.Name] = [h.Value];
        }

        return new RecordedRequest
        {
            Method = method ?? Method,
            RawPath = rawPath ?? RawPath,
            RawQuery = rawQuery ?? RawQuery,
            Headers = headers,
            Body = body ?? Body,
        };
    }
}
