namespace EdgeCdn.Edge.Invalidation;

/// <summary>An accepted invalidation, as the admin API reports it.</summary>
internal sealed class InvalidationRecord
{
    public required string Id { get; init; }

    public required string DistributionId { get; init; }

    public required IReadOnlyList<string> Paths { get; init; }

    public string? CallerReference { get; init; }

    public required DateTimeOffset CreateTime { get; init; }

    /// <summary>Effective at once on this node (entries are checked lazily on lookup), so always "Completed".</summary>
    public static string Status => "Completed";

    internal required InvalidationPath[] Parsed { get; init; }

    internal required int Epoch { get; init; }
}
