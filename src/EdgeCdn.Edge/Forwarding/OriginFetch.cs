using Yarp.ReverseProxy.Forwarder;

namespace EdgeCdn.Edge.Forwarding;

/// <summary>The outcome of <see cref="OriginFetcher.FetchAsync"/>: an accepted response whose body is flowing, or a
/// failure (the last member's transport error or timeout).</summary>
internal sealed class OriginFetch
{
    public OriginFetch(OriginAttemptResult result, TimeProvider time)
    {
        Result = result;
        var attempt = result.Attempt;
        UpstreamFirstByte = attempt.SentTimestamp == 0 ? TimeSpan.Zero : time.GetElapsedTime(attempt.SentTimestamp, attempt.HeadersTimestamp);
    }

    private OriginFetch(OriginAttemptResult? last)
    {
        Result = last;
    }

    public OriginAttemptResult? Result { get; }

    public bool Succeeded => Result is { Attempt.Accepted: true };

    public int StatusCode => Result?.StatusCode ?? 0;

    /// <summary>Time from sending the request to the response headers (cdn-upstream-fbl).</summary>
    public TimeSpan UpstreamFirstByte { get; }

    /// <summary>Completes when the body has been copied (None) or failed.</summary>
    public Task<ForwarderError> BodyCompleted => Result?.Attempt.BodyCompleted ?? Task.FromResult(ForwarderError.Request);

    /// <summary>True when the last failure was a timeout (504) rather than a connection failure (502).</summary>
    public bool TimedOut { get; init; }

    public static OriginFetch Failed(OriginAttemptResult? last) => new(last)
    {
        TimedOut = last is null || last.Error is ForwarderError.RequestTimedOut,
    };
}
