namespace EdgeCdn.Edge.Configuration;

/// <summary>What viewers get when the origin answers with an error status, and how long that error is cached.</summary>
public sealed class CustomErrorResponseOptions
{
    public int ErrorCode { get; set; }

    /// <summary>Path of the page to serve instead (fetched through the cache), e.g. "/errors/404.html".</summary>
    public string? ResponsePagePath { get; set; }

    /// <summary>Status to send with the page (default: the original error status).</summary>
    public int? ResponseCode { get; set; }

    /// <summary>How long the error itself is cached (default 10 s).</summary>
    public TimeSpan? ErrorCachingMinTtl { get; set; }
}
