using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeCdn.Edge.Serving;

/// <summary>
/// The object path of a request, fully decoded, and the refusals that keep bad input out of the cache: NUL and
/// other control characters (also when percent-encoded) and dot segments (path traversal, also as %2e) are 400s.
/// Kestrel already removed dot segments from Request.Path, but a request that carried them is not one a browser
/// sends, and its meaning to the origin could differ; it is refused rather than reinterpreted.
/// </summary>
internal static class RequestTarget
{
    public static bool TryGetPath(HttpContext context, out string path, out string? error)
    {
        error = null;
        path = context.Request.Path.Value ?? "/";
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? path;
        var query = raw.IndexOf('?');
        var rawPath = query < 0 ? raw.AsSpan() : raw.AsSpan(0, query);
        if (rawPath.IsEmpty || rawPath[0] != '/')
        {
            // Absolute-form or asterisk-form targets: rely on Kestrel's parsed path.
            rawPath = path.AsSpan();
        }

        var encoded = rawPath.IndexOf('%') >= 0;
        if (!encoded && rawPath.IndexOf("/.", StringComparison.Ordinal) < 0)
        {
            // The common case: nothing encoded, no dot segment: Kestrel's path is the object path.
            return true;
        }

        var decoded = encoded ? Uri.UnescapeDataString(rawPath.ToString()) : rawPath.ToString();
        foreach (var c in decoded)
        {
            if (char.IsControl(c))
            {
                error = "The request path contains a control character.";
                return false;
            }
        }

        foreach (var segment in decoded.Split('/'))
        {
            if (segment is "." or "..")
            {
                error = "The request path contains a dot segment.";
                return false;
            }
        }

        path = decoded;
        return true;
    }

    /// <summary>A page navigation: GET, Accept has text/html, and no file extension in the last path segment.</summary>
    public static bool IsNavigation(HttpRequest request, string path)
    {
        if (!HttpMethods.IsGet(request.Method))
        {
            return false;
        }

        var accept = request.Headers.Accept;
        var html = false;
        foreach (var value in accept)
        {
            if (value is not null && value.Contains("text/html", StringComparison.OrdinalIgnoreCase))
            {
                html = true;
                break;
            }
        }

        if (!html)
        {
            return false;
        }

        var lastSlash = path.LastIndexOf('/');
        return path.AsSpan(lastSlash + 1).IndexOf('.') < 0;
    }
}
