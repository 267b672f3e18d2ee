namespace EdgeCdn.Origin.Lifecycle;

/// <summary>One lifecycle rule, validated. Days-based actions count from creation (or, for noncurrent versions, from
/// when they became noncurrent) and fall due at the next midnight UTC, as S3 computes them.</summary>
internal sealed record LifecycleRule
{
    public required string Id { get; init; }

    public required bool Enabled { get; init; }

    public required LifecycleFilter Filter { get; init; }

    /// <summary>The filter came from the rule-level Prefix element (the original, pre-Filter form).</summary>
    public bool LegacyPrefix { get; init; }

    public IReadOnlyList<LifecycleTransition> Transitions { get; init; } = [];

    public int? ExpirationDays { get; init; }

    public DateTimeOffset? ExpirationDate { get; init; }

    public bool? ExpiredObjectDeleteMarker { get; init; }

    public IReadOnlyList<NoncurrentTransition> NoncurrentTransitions { get; init; } = [];

    public int? NoncurrentExpirationDays { get; init; }

    public int? NoncurrentExpirationNewerVersions { get; init; }

    public int? AbortIncompleteMultipartUploadDays { get; init; }

    public bool HasExpiration => ExpirationDays is not null || ExpirationDate is not null || ExpiredObjectDeleteMarker is not null;
}
