using Yarp.ReverseProxy.Forwarder;

namespace EdgeCdn.Edge.Forwarding;

/// <summary>How one try at one origin ended: a response (accepted, or a failover status), or no response.</summary>
internal sealed class OriginAttemptResult
{
    public required OriginAttempt Attempt { get; init; }

    /// <summary>The origin's status; 0 when no response arrived.</summary>
    public int StatusCode { get; init; }

    public bool IsTransportFailure => StatusCode == 0;

    public ForwarderError Error { get; init; }

    public Exception? Exception { get; init; }
}
