using System.Net.Http.Headers;
using EdgeCdn.Core.Caching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// Turns origin response headers into the <see cref="ResponseMeta"/> viewers get: hop-by-hop headers (and those
/// the Connection header names), Content-Length, Age and any upstream X-Cache / Server-Timing dropped; Set-Cookie
/// dropped unless cookies are part of the cache key (as CloudFront does); the edge's hop appended to Via; the
/// compression variant's Content-Encoding, weak ETag and Vary added. Header names are CLR-interned known names
/// where possible so Kestrel sets them on its fast path.
/// </summary>
internal static class ResponseMetaBuilder
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade",
        "Proxy-Authenticate", "Proxy-Authorization", "Content-Length", "Age", "X-Cache", "Server-Timing", "Alt-Svc",
    };

    private static readonly Dictionary<string, string> KnownNames = new[]
    {
        HeaderNames.ContentType, HeaderNames.ETag, HeaderNames.LastModified, HeaderNames.CacheControl, HeaderNames.Expires,
        HeaderNames.Date, HeaderNames.Server, HeaderNames.Vary, HeaderNames.ContentEncoding, HeaderNames.AcceptRanges,
        HeaderNames.ContentDisposition, HeaderNames.ContentLanguage, HeaderNames.Via, HeaderNames.SetCookie,
        HeaderNames.Location, HeaderNames.ContentRange, HeaderNames.StrictTransportSecurity, HeaderNames.AccessControlAllowOrigin,
    }.ToDictionary(n => n, StringComparer.OrdinalIgnoreCase);

    public static ResponseMeta FromOrigin(HttpResponseMessage response, string via, bool keepSetCookie, string? compressedAs)
    {
        var headers = new List<KeyValuePair<string, StringValues>>(16);
        HashSet<string>? connectionTokens = null;
        if (response.Headers.NonValidated.TryGetValues("Connection", out var connection))
        {
            connectionTokens = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var value in connection)
            {
                foreach (var token in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    connectionTokens.Add(token);
                }
            }
        }

        string? etag = null, lastModified = null, contentType = null, contentEncoding = null, originVia = null, vary = null;
        void Collect(HttpHeaders source)
        {
            foreach (var (rawName, values) in source.NonValidated)
            {
                if (Dropped.Contains(rawName) || (connectionTokens?.Contains(rawName) ?? false) ||
                    (!keepSetCookie && rawName.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var name = KnownNames.TryGetValue(rawName, out var known) ? known : rawName;
                var value = values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]);
                switch (name)
                {
                    case "ETag": etag = value.ToString(); continue;
                    case "Last-Modified": lastModified = value.ToString(); break;
                    case "Content-Type": contentType = value.ToString(); break;
                    case "Content-Encoding": contentEncoding = value.ToString(); break;
                    case "Via": originVia = value.ToString(); continue;
                    case "Vary": vary = value.ToString(); continue;
                }

                headers.Add(new KeyValuePair<string, StringValues>(name, value));
            }
        }

        Collect(response.Headers);
        if (response.Content is { } content)
        {
            Collect(content.Headers);
        }

        var originETag = etag;
        if (compressedAs is not null)
        {
            contentEncoding = compressedAs;
            headers.Add(new KeyValuePair<string, StringValues>(HeaderNames.ContentEncoding, compressedAs));
            etag = etag is null ? null : EntityTags.ToWeak(etag);
            vary = MergeVary(vary);
        }

        if (etag is not null)
        {
            headers.Add(new KeyValuePair<string, StringValues>(HeaderNames.ETag, etag));
        }

        if (vary is not null)
        {
            headers.Add(new KeyValuePair<string, StringValues>(HeaderNames.Vary, vary));
        }

        headers.Add(new KeyValuePair<string, StringValues>(HeaderNames.Via, originVia is null ? via : originVia + ", " + via));
        return new ResponseMeta
        {
            StatusCode = (int)response.StatusCode,
            Headers = [.. headers],
            ETag = etag,
            OriginETag = originETag,
            LastModifiedText = lastModified,
            LastModified = lastModified is not null && HttpDate.TryParse(lastModified, out var lm) ? lm : null,
            ContentType = contentType,
            ContentEncoding = contentEncoding,
            CompressedByEdge = compressedAs is not null,
            ContentLength = compressedAs is null ? response.Content?.Headers.ContentLength : null,
        };
    }

    /// <summary>RFC 9111 §4.3.4: a 304 updates the stored headers it carries (validators, freshness, Date...).</summary>
    public static ResponseMeta Refresh(ResponseMeta stored, HttpResponseMessage notModified)
    {
        var updates = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (rawName, values) in notModified.Headers.NonValidated)
        {
            if (Dropped.Contains(rawName) || rawName.Equals("Via", StringComparison.OrdinalIgnoreCase) ||
                rawName.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase) || rawName.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            updates[rawName] = values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]);
        }

        if (notModified.Content is { } content)
        {
            foreach (var (rawName, values) in content.Headers.NonValidated)
            {
                if (rawName is "Expires" or "Last-Modified")
                {
                    updates[rawName] = values.ToString();
                }
            }
        }

        var originETag = updates.TryGetValue("ETag", out var newETag) ? newETag.ToString() : stored.OriginETag;
        var etag = originETag is null ? null : stored.CompressedByEdge ? EntityTags.ToWeak(originETag) : originETag;
        updates.Remove("ETag");
        var headers = new List<KeyValuePair<string, StringValues>>(stored.Headers.Length + 2);
        foreach (var (name, value) in stored.Headers)
        {
            if (name.Equals("ETag", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (updates.Remove(name, out var updated))
            {
                headers.Add(new KeyValuePair<string, StringValues>(name, updated));
            }
            else
            {
                headers.Add(new KeyValuePair<string, StringValues>(name, value));
            }
        }

        foreach (var (name, value) in updates)
        {
            headers.Add(new KeyValuePair<string, StringValues>(KnownNames.TryGetValue(name, out var known) ? known : name, value));
        }

        if (etag is not null)
        {
            headers.Add(new KeyValuePair<string, StringValues>(HeaderNames.ETag, etag));
        }

        var lastModified = headers.FirstOrDefault(h => h.Key.Equals("Last-Modified", StringComparison.OrdinalIgnoreCase)).Value.ToString();
        return new ResponseMeta
        {
            StatusCode = stored.StatusCode,
            Headers = [.. headers],
            ETag = etag,
            OriginETag = originETag,
            LastModifiedText = lastModified.Length == 0 ? null : lastModified,
            LastModified = lastModified.Length > 0 && HttpDate.TryParse(lastModified, out var lm) ? lm : null,
            ContentType = stored.ContentType,
            ContentEncoding = stored.ContentEncoding,
            CompressedByEdge = stored.CompressedByEdge,
            ContentLength = stored.ContentLength,
        };
    }

    private static string MergeVary(string? vary)
    {
        if (string.IsNullOrEmpty(vary))
        {
            return "Accept-Encoding";
        }

        foreach (var part in vary.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Equals("Accept-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                return vary;
            }
        }

        return vary + ", Accept-Encoding";
    }
}
