using EdgeCdn.Edge.Configuration;
using EdgeCdn.Edge.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Yarp.ReverseProxy.Forwarder;

namespace EdgeCdn.Edge.Forwarding;

/// <summary>
/// Sends an <see cref="OriginRequest"/> through YARP's forwarder to the behaviour's origin, or along an origin
/// group: the next member on a failover status, a connection failure, a timeout or an open circuit. Each member
/// goes through its own Polly pipeline. Returns once response headers are in; the body keeps flowing into the
/// stream <see cref="OriginAttempt.Accept"/> chose, and <see cref="OriginFetch.BodyCompleted"/> says how that ended.
/// </summary>
internal sealed partial class OriginFetcher
{
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        Version = System.Net.HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
    };

    private readonly IHttpForwarder _forwarder;
    private readonly OriginClients _clients;
    private readonly TimeProvider _time;
    private readonly EdgeMetrics _metrics;
    private readonly ILogger<OriginFetcher> _logger;
    private readonly string _via;

    public OriginFetcher(IHttpForwarder forwarder, OriginClients clients, TimeProvider time, EdgeMetrics metrics, EdgeModel model, ILogger<OriginFetcher> logger)
    {
        _forwarder = forwarder;
        _clients = clients;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _via = model.ViaValue;
    }

    public async Task<OriginFetch> FetchAsync(
        OriginRequest request, Func<OriginAttempt, HttpResponseMessage, Stream?> accept, CancellationToken cancellationToken)
    {
        var target = request.Behavior.Target;
        OriginAttemptResult? last = null;
        for (var i = 0; i < target.Members.Length; i++)
        {
            var client = _clients.For(target.Members[i]);
            var isLast = i == target.Members.Length - 1;
            var failover = isLast ? EmptyCodes : target.FailoverStatusCodes;
            try
            {
                last = await client.Pipeline.ExecuteAsync(
                    static (state, token) => state.self.AttemptAsync(state.client, state.request, state.failover, state.accept, state.cancel, token),
                    (self: this, client, request, failover, accept, cancel: cancellationToken), cancellationToken);
            }
            catch (TimeoutRejectedException)
            {
                _metrics.OriginFetch(client.Origin.Id, "timeout");
                last = null;
                if (!isLast)
                {
                    Log.FailingOver(_logger, client.Origin.Id, "timeout", target.Members[i + 1].Id);
                }

                continue;
            }
            catch (BrokenCircuitException)
            {
                _metrics.OriginFetch(client.Origin.Id, "circuit_open");
                last = null;
                if (!isLast)
                {
                    Log.FailingOver(_logger, client.Origin.Id, "circuit open", target.Members[i + 1].Id);
                }
                else
                {
                    Log.CircuitOpen(_logger, client.Origin.Id);
                }

                continue;
            }

            _metrics.OriginFetch(client.Origin.Id, last.IsTransportFailure ? "connection_failure" : StatusClass(last.StatusCode));
            if (last.Attempt.Accepted)
            {
                return new OriginFetch(last, _time);
            }

            if (!isLast)
            {
                Log.FailingOver(_logger, client.Origin.Id, last.IsTransportFailure ? last.Error.ToString() : last.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    target.Members[i + 1].Id);
            }
        }

        return OriginFetch.Failed(last);
    }

    private async ValueTask<OriginAttemptResult> AttemptAsync(
        OriginClient client, OriginRequest request, HashSet<int> failover, Func<OriginAttempt, HttpResponseMessage, Stream?> accept,
        CancellationToken fillToken, CancellationToken attemptToken)
    {
        var attempt = new OriginAttempt { Client = client, Request = request, FailoverStatusCodes = failover, Accept = accept };
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.Protocol = "HTTP/1.1";
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));

        // Polly's token (timeout) only guards the wait for headers; the body copy that follows must not be cut by it.
        var cts = CancellationTokenSource.CreateLinkedTokenSource(fillToken);
        var registration = attemptToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), cts);
        var transformer = new OriginRequestTransformer(attempt, _time, _via);
        var forward = ForwardAsync(context, client, transformer, attempt, cts);
        try
        {
            var status = await attempt.HeadersReceived.WaitAsync(attemptToken);
            if (status == 0)
            {
                var error = await forward;
                return new OriginAttemptResult { Attempt = attempt, Error = error, Exception = context.Features.Get<IForwarderErrorFeature>()?.Exception };
            }

            attempt.BodyCompleted = forward;
            return new OriginAttemptResult { Attempt = attempt, StatusCode = status };
        }
        finally
        {
            await registration.DisposeAsync();
        }
    }

    private async Task<ForwarderError> ForwardAsync(DefaultHttpContext context, OriginClient client, OriginRequestTransformer transformer, OriginAttempt attempt, CancellationTokenSource cts)
    {
        try
        {
            var error = await _forwarder.SendAsync(context, client.Origin.Authority, client.Invoker, RequestConfig, transformer, cts.Token);
            if (error != ForwarderError.None && attempt.Accepted)
            {
                Log.BodyFailed(_logger, client.Origin.Id, error, context.Features.Get<IForwarderErrorFeature>()?.Exception);
            }

            return error;
        }
        catch (Exception ex)
        {
            Log.ForwardCrashed(_logger, client.Origin.Id, ex);
            return ForwarderError.Request;
        }
        finally
        {
            attempt.OnNoResponse();
            cts.Dispose();
        }
    }

    private static string StatusClass(int status) => status switch
    {
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };

    private static readonly HashSet<int> EmptyCodes = [];

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Origin {Origin} failed ({Reason}); failing over to {Next}.")]
        public static partial void FailingOver(ILogger logger, string origin, string reason, string next);

        [LoggerMessage(2, LogLevel.Warning, "Origin {Origin}: circuit open, not sending requests.")]
        public static partial void CircuitOpen(ILogger logger, string origin);

        [LoggerMessage(3, LogLevel.Warning, "Origin {Origin}: the response body failed ({Error}).")]
        public static partial void BodyFailed(ILogger logger, string origin, ForwarderError error, Exception? exception);

        [LoggerMessage(4, LogLevel.Error, "Origin {Origin}: forwarding failed unexpectedly.")]
        public static partial void ForwardCrashed(ILogger logger, string origin, Exception exception);
    }
}
