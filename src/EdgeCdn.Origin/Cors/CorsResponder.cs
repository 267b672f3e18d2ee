using System.Globalization;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Cors;

/// <summary>
/// CORS for the S3 API and the website endpoint: preflight (OPTIONS with Origin and Access-Control-Request-Method,
/// answered without authentication, as browsers do not sign them) and the Access-Control-* headers on actual
/// requests from an allowed origin.
/// </summary>
internal static class CorsResponder
{
    public static CorsConfiguration? ConfigurationOf(BucketRecord bucket) =>
        ParsedSettings.Get(bucket.Settings, BucketSettings.Cors, CorsConfiguration.FromStored);

    /// <summary>Answers a preflight, or throws the S3 error (400 BadRequest, 403 AccessForbidden).</summary>
    public static void Preflight(HttpContext http, BucketRecord bucket)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            throw new S3Exception(S3ErrorCatalog.BadRequest, "Insufficient information. Origin request header needed.");
        }

        var method = http.Request.Headers.AccessControlRequestMethod.ToString();
        if (method.Length == 0)
        {
            throw new S3Exception(S3ErrorCatalog.BadRequest, "Invalid Access-Control-Request-Method: null");
        }

        var configuration = ConfigurationOf(bucket)
            ?? throw new S3Exception(S3ErrorCatalog.AccessForbidden, "CORSResponse: CORS is not enabled for this bucket.",
                S3Exception.Detail("Method", method), S3Exception.Detail("ResourceType", "BUCKET"));
        var requested = http.Request.Headers.AccessControlRequestHeaders.ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var rule = configuration.Match(origin, method, requested)
            ?? throw new S3Exception(S3ErrorCatalog.AccessForbidden,
                "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
                S3Exception.Detail("Method", method), S3Exception.Detail("ResourceType", "OBJECT"));
        var headers = http.Response.Headers;
        WriteAllowed(headers, rule, origin);
        if (requested.Length > 0)
        {
            headers.AccessControlAllowHeaders = string.Join(", ", requested);
        }

        headers.Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentLength = 0;
    }

    /// <summary>On an actual request with an Origin header: the Access-Control-* headers of the first rule that allows
    /// that origin and method (none when no rule does; the browser then withholds the response).</summary>
    public static void ApplyToResponse(HttpContext http, BucketRecord bucket)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || ConfigurationOf(bucket) is not { } configuration)
        {
            return;
        }

        if (configuration.Match(origin, http.Request.Method, []) is { } rule)
        {
            WriteAllowed(http.Response.Headers, rule, origin);
            http.Response.Headers.Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
        }
    }

    private static void WriteAllowed(IHeaderDictionary headers, CorsRule rule, string origin)
    {
        var any = rule.AllowedOrigins.Contains("*", StringComparer.Ordinal);
        headers.AccessControlAllowOrigin = any ? "*" : origin;
        headers.AccessControlAllowMethods = string.Join(", ", rule.AllowedMethods);
        if (!any)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        if (rule.ExposeHeaders.Count > 0)
        {
            headers.AccessControlExposeHeaders = string.Join(", ", rule.ExposeHeaders);
        }

        if (rule.MaxAgeSeconds is { } maxAge)
        {
            headers.AccessControlMaxAge = maxAge.ToString(CultureInfo.InvariantCulture);
        }
    }
}
