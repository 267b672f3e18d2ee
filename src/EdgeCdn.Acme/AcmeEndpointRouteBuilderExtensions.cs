using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeCdn.Acme.Renewal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCdn.Acme;

public static class AcmeEndpointRouteBuilderExtensions
{
    public const string DefaultStatusPattern = "/_edgecdn/certificates";

    /// <summary>
    /// Maps <c>GET /_edgecdn/certificates</c>: every certificate with its names, issuer, validity, next renewal and last
    /// error, as JSON. Only for requests carrying <c>Authorization: Bearer {adminToken}</c>; anything else gets 401.
    /// </summary>
    public static IEndpointConventionBuilder MapEdgeCdnCertificateStatus(this IEndpointRouteBuilder endpoints, string adminToken, string pattern = DefaultStatusPattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(adminToken);
        // Compared as hashes so that neither the length nor the content of the token leaks through timing.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(adminToken));
        var source = endpoints.ServiceProvider.GetRequiredService<CertificateStatusSource>();
        return endpoints.MapGet(pattern, async context =>
        {
            if (!IsAuthorized(context.Request, expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"edgecdn-admin\"";
                return;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await JsonSerializer.SerializeAsync(context.Response.Body, source.GetStatuses(), StatusJsonContext.Default.IReadOnlyListCertificateStatus, context.RequestAborted);
        });
    }

    private static bool IsAuthorized(HttpRequest request, byte[] expected)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
