using System.Net;

namespace EdgeCdn.Edge.Observability;

/// <summary>One request, captured on the request path as references and numbers only; formatted later, off the
/// request path, by <see cref="AccessLogWriter"/>.</summary>
internal readonly record struct AccessLogRecord
{
    public required DateTimeOffset Time { get; init; }

    public long BodyBytes { get; init; }

    public IPAddress? ClientIp { get; init; }

    public int ClientPort { get; init; }

    public string? Method { get; init; }

    public string? Host { get; init; }

    public string? UriStem { get; init; }

    public string? Query { get; init; }

    public int Status { get; init; }

    public string? Referer { get; init; }

    public string? UserAgent { get; init; }

    public string? ResultType { get; init; }

    public string? DetailedResultType { get; init; }

    public string? Scheme { get; init; }

    public string? Protocol { get; init; }

    public long RequestBytes { get; init; }

    public TimeSpan TimeTaken { get; init; }

    public TimeSpan TimeToFirstByte { get; init; }

    public string? ForwardedFor { get; init; }

    public string? TlsProtocol { get; init; }

    public string? TlsCipher { get; init; }

    public string? ContentType { get; init; }

    public long? ContentLength { get; init; }

    public long? RangeStart { get; init; }

    public long? RangeEnd { get; init; }

    public TimeSpan? OriginFirstByte { get; init; }

    public TimeSpan? OriginLastByte { get; init; }

    public long Sequence { get; init; }
}
