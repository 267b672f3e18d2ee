namespace EdgeCdn.Edge.Configuration;

/// <summary>A compiled custom error response.</summary>
internal sealed class CustomErrorResponse
{
    public required int ErrorCode { get; init; }

    public string? ResponsePagePath { get; init; }

    public int? ResponseCode { get; init; }

    public TimeSpan? ErrorCachingMinTtl { get; init; }
}
