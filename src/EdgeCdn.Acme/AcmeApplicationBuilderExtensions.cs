using EdgeCdn.Acme.Challenges;
using EdgeCdn.Acme.ViewerProtocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Acme;

public static class AcmeApplicationBuilderExtensions
{
    /// <summary>
    /// Answers ACME http-01 challenges at <c>/.well-known/acme-challenge/{token}</c>. Call it first, before HTTPS redirection,
    /// viewer protocol policy, routing or anything else, on every listener the CA may reach (port 80).
    /// </summary>
    public static IApplicationBuilder UseEdgeCdnAcmeChallenges(this IApplicationBuilder app) =>
        app.UseMiddleware<Http01ChallengeMiddleware>();

    /// <summary>
    /// Applies a viewer protocol policy chosen per request by <paramref name="ruleFor"/> (the edge picks it from the
    /// distribution's cache behaviour): HTTP is let through, redirected to HTTPS, or refused; HSTS is added over HTTPS.
    /// The http-01 challenge path is never redirected. <paramref name="httpsPort"/> is the port in redirect URLs (443: none).
    /// </summary>
    public static IApplicationBuilder UseEdgeCdnViewerProtocol(this IApplicationBuilder app, Func<HttpContext, ViewerProtocolRule> ruleFor, int? httpsPort = null)
    {
        ArgumentNullException.ThrowIfNull(ruleFor);
        return app.Use(next => context =>
            ViewerProtocolEnforcer.Apply(context, ruleFor(context), httpsPort) ? Task.CompletedTask : next(context));
    }
}
