using EdgeCdn.Core.Signing;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Auth;

/// <summary>An incoming Kestrel request as the signature verifier sees it: the wire-form path and query, and headers.</summary>
internal sealed class HttpSignableRequest : ISignableRequest
{
    private readonly IHeaderDictionary _headers;

    public HttpSignableRequest(HttpRequest request, string rawPath, string rawQuery)
    {
        _headers = request.Headers;
        Method = request.Method;
        RawPath = rawPath;
        RawQuery = rawQuery;
    }

    public string Method { get; }

    public string RawPath { get; }

    public string RawQuery { get; }

    public IEnumerable<string> HeaderNames => _headers.Keys;

    public string? GetHeader(string name)
    {
        if (!_headers.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 ? values[0] : string.Join(',', values.ToArray());
    }
}
