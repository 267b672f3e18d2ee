using EdgeCdn.Acme.Challenges;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace EdgeCdn.Acme.ViewerProtocol;

/// <summary>
/// Applies a viewer protocol policy to one request; the edge calls it per request with the policy of the cache behaviour
/// that matched. ACME http-01 challenge requests are exempt: the CA must get its answer over plain HTTP.
/// </summary>
public static class ViewerProtocolEnforcer
{
    private const string HttpsRequired = "HTTPS is required for this URL.\n";

    /// <summary>
    /// True when the request has been answered here (redirect or refusal) and the pipeline must stop; false when it goes on
    /// (with the HSTS header set when the request came over HTTPS and the rule asks for it).
    /// </summary>
    public static bool Apply(HttpContext context, ViewerProtocolRule rule, int? httpsPort = null)
    {
        var request = context.Request;
        if (Http01ChallengeMiddleware.IsChallengePath(request.Path))
        {
            return false;
        }

        if (request.IsHttps)
        {
            if (rule.Hsts is { } hsts)
            {
                context.Response.Headers.StrictTransportSecurity = hsts.HeaderValue;
            }

            return false;
        }

        switch (rule.Policy)
        {
            case ViewerProtocolPolicy.RedirectToHttps:
                if (!request.Host.HasValue)
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return true;
                }

                var host = httpsPort is null or 443 ? new HostString(request.Host.Host) : new HostString(request.Host.Host, httpsPort.Value);
                var method = request.Method;
                context.Response.StatusCode = HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
                    ? StatusCodes.Status301MovedPermanently
                    : StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = UriHelper.BuildAbsolute("https", host, request.PathBase, request.Path, request.QueryString);
                return true;

            case ViewerProtocolPolicy.HttpsOnly:
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/plain; charset=utf-8";
                _ = context.Response.WriteAsync(HttpsRequired);
                return true;

            default:
                return false;
        }
    }
}
