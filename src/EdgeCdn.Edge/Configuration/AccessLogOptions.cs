namespace EdgeCdn.Edge.Configuration;

/// <summary>The CloudFront-format access log (section Edge:AccessLog).</summary>
public sealed class AccessLogOptions
{
    /// <summary>File to append to; "-" writes to standard output; empty turns the log off.</summary>
    public string? Path { get; set; }
}
