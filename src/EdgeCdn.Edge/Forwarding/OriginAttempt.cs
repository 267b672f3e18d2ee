using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Forwarding;

/// <summary>
/// One try at one origin. The transformer reports the response headers here; <see cref="Accept"/> decides whether
/// the body is wanted (a failover status is not) and where it goes.
/// </summary>
internal sealed class OriginAttempt
{
    private readonly TaskCompletionSource<int> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public required OriginClient Client { get; init; }

    public required OriginRequest Request { get; init; }

    /// <summary>Statuses that send the request to the next group member (empty on the last one).</summary>
    public required HashSet<int> FailoverStatusCodes { get; init; }

    /// <summary>Called with the origin response; returns the stream its body is copied to, or null to discard it.</summary>
    public required Func<OriginAttempt, HttpResponseMessage, Stream?> Accept { get; init; }

    /// <summary>Completes with the status once headers arrived.</summary>
    public Task<int> HeadersReceived => _headers.Task;

    public bool Accepted { get; private set; }

    /// <summary>Set once the response is accepted: completes when YARP has copied the body (or failed).</summary>
    public Task<Yarp.ReverseProxy.Forwarder.ForwarderError>? BodyCompleted { get; set; }

    public long SentTimestamp { get; set; }

    public long HeadersTimestamp { get; private set; }

    /// <summary>The transformer's callback: decides what happens to the body.</summary>
    public Stream? OnHeaders(HttpResponseMessage response, long timestamp)
    {
        HeadersTimestamp = timestamp;
        var status = (int)response.StatusCode;
        Stream? sink = null;
        if (!FailoverStatusCodes.Contains(status))
        {
            sink = Accept(this, response);
            Accepted = true;
        }

        _headers.TrySetResult(status);
        return sink;
    }

    public void OnNoResponse() => _headers.TrySetResult(0);

    public OriginEndpoint Origin => Client.Origin;
}
