using System.Net;
using EdgeCdn.Edge.Configuration;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace EdgeCdn.Edge.Forwarding;

/// <summary>
/// The connection pool and resilience pipeline of one origin: a timeout on the response headers, jittered retries
/// of connection failures and timeouts, and a circuit breaker (outermost retry, then breaker, then timeout, so every
/// try counts towards the breaker and an open breaker is not retried).
/// </summary>
internal sealed class OriginClient : IDisposable
{
    public OriginClient(OriginEndpoint origin, TimeProvider time)
    {
        Origin = origin;
        var options = origin.Options;
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = options.ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            ActivityHeadersPropagator = null,
        }, disposeHandler: true);

        var builder = new ResiliencePipelineBuilder<OriginAttemptResult> { TimeProvider = time };
        if (options.ConnectionAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<OriginAttemptResult>
            {
                MaxRetryAttempts = options.ConnectionAttempts - 1,
                Delay = TimeSpan.FromMilliseconds(50),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: TimeoutRejectedException } => true,
                    { Result.IsTransportFailure: true } => true,
                    _ => false,
                }),
            });
        }

        var breaker = options.CircuitBreaker;
        if (breaker.Enabled)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<OriginAttemptResult>
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: TimeoutRejectedException } => true,
                    { Exception: not null } => false,
                    { Result.IsTransportFailure: true } => true,
                    { Result.StatusCode: >= 500 } => true,
                    _ => false,
                }),
            });
        }

        builder.AddTimeout(options.ResponseTimeout);
        Pipeline = builder.Build();
    }

    public OriginEndpoint Origin { get; }

    public HttpMessageInvoker Invoker { get; }

    public ResiliencePipeline<OriginAttemptResult> Pipeline { get; }

    public void Dispose() => Invoker.Dispose();
}
