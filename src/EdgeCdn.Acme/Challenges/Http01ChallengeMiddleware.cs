using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.Acme.Challenges;

/// <summary>
/// Answers <c>/.well-known/acme-challenge/{token}</c> (RFC 8555 §8.3) from the open http-01 challenges, over HTTP or HTTPS,
/// whatever the Host header (the CA's check carries the port in it). Mapped before everything else, HTTPS redirects
/// included: the CA must get the key authorization itself, not a redirect. Unknown tokens are a 404, never passed on.
/// </summary>
internal sealed partial class Http01ChallengeMiddleware
{
    public const string PathPrefix = "/.well-known/acme-challenge/";

    private readonly RequestDelegate _next;
    private readonly ChallengeResponseStore _challenges;
    private readonly ILogger<Http01ChallengeMiddleware> _logger;

    public Http01ChallengeMiddleware(RequestDelegate next, ChallengeResponseStore challenges, ILogger<Http01ChallengeMiddleware> logger)
    {
        _next = next;
        _challenges = challenges;
        _logger = logger;
    }

    public static bool IsChallengePath(PathString path) =>
        path.Value is { } value && value.StartsWith(PathPrefix, StringComparison.Ordinal);

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path is null || !path.StartsWith(PathPrefix, StringComparison.Ordinal))
        {
            return _next(context);
        }

        var response = context.Response;
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return Task.CompletedTask;
        }

        var token = path[PathPrefix.Length..];
        response.Headers.CacheControl = "no-store";
        if (!_challenges.TryGetHttp01(token, out var keyAuthorization))
        {
            Log.UnknownToken(_logger, context.Request.Host.Value);
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        // The token is public (it is in the URL); the key authorization is what proves control. Neither is a secret worth
        // hiding, but the account key never appears here: only its thumbprint.
        Log.Answered(_logger, context.Request.Host.Value);
        var body = Encoding.ASCII.GetBytes(keyAuthorization);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/octet-stream";
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "http-01 challenge answered for host {Host}")]
        public static partial void Answered(ILogger logger, string? host);

        [LoggerMessage(2, LogLevel.Debug, "http-01 request for an unknown token (host {Host}): 404")]
        public static partial void UnknownToken(ILogger logger, string? host);
    }
}
