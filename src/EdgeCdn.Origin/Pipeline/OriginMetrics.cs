using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EdgeCdn.Origin.Pipeline;

/// <summary>The origin's meter: requests by operation and status, their duration, bytes in and out, lifecycle actions.</summary>
internal sealed class OriginMetrics
{
    public const string MeterName = "EdgeCdn.Origin";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _bytesSent;
    private readonly Counter<long> _lifecycleActions;

    public OriginMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("edgecdn.origin.requests", "{request}", "S3 requests handled, by operation and status");
        _duration = meter.CreateHistogram<double>("edgecdn.origin.request.duration", "s", "Time to handle an S3 request");
        _bytesReceived = meter.CreateCounter<long>("edgecdn.origin.bytes_received", "By", "Object bytes received (decoded)");
        _bytesSent = meter.CreateCounter<long>("edgecdn.origin.bytes_sent", "By", "Object bytes sent");
        _lifecycleActions = meter.CreateCounter<long>("edgecdn.origin.lifecycle.actions", "{action}",
            "Lifecycle actions applied, by action (expire, transition, remove_version, abort_upload)");
    }

    public void Request(string operation, int statusCode, double seconds)
    {
        var tags = new TagList { { "operation", operation }, { "status", statusCode } };
        _requests.Add(1, tags);
        _duration.Record(seconds, tags);
    }

    public void Received(long bytes) => _bytesReceived.Add(bytes);

    public void Sent(long bytes) => _bytesSent.Add(bytes);

    public void Lifecycle(string action, int count)
    {
        if (count > 0)
        {
            _lifecycleActions.Add(count, new KeyValuePair<string, object?>("action", action));
        }
    }
}
