using EdgeCdn.Core.Signing;

namespace EdgeCdn.Benchmarks.Signing;

/// <summary>A request view over a dictionary, shaped like what the origin's adapter over Kestrel headers gives.</summary>
internal sealed class BenchmarkRequest(string method, string rawPath, string rawQuery, Dictionary<string, string> headers) : ISignableRequest
{
    public string Method => method;

    public string RawPath => rawPath;

    public string RawQuery => rawQuery;

    public IEnumerable<string> HeaderNames => headers.Keys;

    public string? GetHeader(string name) => headers.TryGetValue(name, out var value) ? value : null;
}
