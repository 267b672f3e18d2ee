using EdgeCdn.Edge.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace EdgeCdn.Edge.Forwarding;

/// <summary>
/// Methods that are never cached (OPTIONS, PUT, POST, PATCH, DELETE where a behaviour allows them) go straight
/// through YARP to the behaviour's primary origin with the viewer's body, signed last like every origin request.
/// </summary>
internal sealed partial class PassThroughForwarder
{
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        Version = System.Net.HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
    };

    private readonly IHttpForwarder _forwarder;
    private readonly OriginClients _clients;
    private readonly TimeProvider _time;
    private readonly string _via;
    private readonly ILogger<PassThroughForwarder> _logger;

    public PassThroughForwarder(IHttpForwarder forwarder, OriginClients clients, TimeProvider time, EdgeModel model, ILogger<PassThroughForwarder> logger)
    {
        _forwarder = forwarder;
        _clients = clients;
        _time = time;
        _via = model.ViaValue;
        _logger = logger;
    }

    public async Task<int> ForwardAsync(HttpContext context, CacheBehavior behavior, string path)
    {
        var client = _clients.For(behavior.Target.Members[0]);
        var query = context.Request.QueryString.Value is { Length: > 1 } q ? q[1..] : string.Empty;
        var transformer = new PassThroughTransformer(client.Origin, behavior, path, query, _time, _via);
        var error = await _forwarder.SendAsync(context, client.Origin.Authority, client.Invoker, RequestConfig, transformer);
        if (error != ForwarderError.None)
        {
            Log.PassFailed(_logger, context.Request.Method, client.Origin.Id, error);
            if (!context.Response.HasStarted)
            {
                context.Response.Headers["X-Cache"] = "Error from edgecdn";
            }
        }

        return context.Response.StatusCode;
    }

    private sealed class PassThroughTransformer : HttpTransformer
    {
        private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
        {
            "Host", "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade",
            "Proxy-Authorization", "Expect", "Via", "Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
            "X-Original-URL", "X-Rewrite-URL", "X-HTTP-Method-Override", "X-Amz-Date", "X-Amz-Content-Sha256",
            "X-Amz-Security-Token",
        };

        private readonly OriginEndpoint _origin;
        private readonly CacheBehavior _behavior;
        private readonly string _path;
        private readonly string _query;
        private readonly TimeProvider _time;
        private readonly string _via;

        public PassThroughTransformer(OriginEndpoint origin, CacheBehavior behavior, string path, string query, TimeProvider time, string via)
        {
            _origin = origin;
            _behavior = behavior;
            _path = path;
            _query = query;
            _time = time;
            _via = via;
        }

        public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            proxyRequest.RequestUri = OriginRequestTransformer.BuildUri(_origin, _path, _query);
            var keepAuthorization = _origin.SigningBehavior != SigningBehavior.Always && _behavior.Policy.Headers.Includes("Authorization");
            foreach (var (name, values) in httpContext.Request.Headers)
            {
                if (Skipped.Contains(name) || (!keepAuthorization && name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                if (!proxyRequest.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values))
                {
                    proxyRequest.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
                }
            }

            foreach (var (name, value) in _origin.CustomHeaders)
            {
                proxyRequest.Headers.TryAddWithoutValidation(name, value);
            }

            proxyRequest.Headers.TryAddWithoutValidation("Via", _via);
            if (httpContext.Connection.RemoteIpAddress is { } ip)
            {
                proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", ip.ToString());
            }

            if (_origin.Signer is { } signer && !(_origin.SigningBehavior == SigningBehavior.NoOverride && proxyRequest.Headers.Contains("Authorization")))
            {
                signer.Sign(proxyRequest, _time.GetUtcNow());
            }

            return ValueTask.CompletedTask;
        }

        public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            var copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
            var headers = httpContext.Response.Headers;
            headers["X-Cache"] = httpContext.Response.StatusCode >= 400 ? "Error from edgecdn" : "Miss from edgecdn";
            headers.Via = headers.Via.Count > 0 ? headers.Via.ToString() + ", " + _via : _via;
            headers.Remove("Set-Cookie");
            if (_behavior.Policy.Cookies.Behavior != Core.Caching.KeyPartBehavior.None && proxyResponse is not null &&
                proxyResponse.Headers.NonValidated.TryGetValues("Set-Cookie", out var cookies))
            {
                headers.SetCookie = cookies.ToArray();
            }

            return copy;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "{Method} pass-through to origin {Origin} failed: {Error}.")]
        public static partial void PassFailed(ILogger logger, string method, string origin, ForwarderError error);
    }
}
