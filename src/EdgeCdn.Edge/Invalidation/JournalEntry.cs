namespace EdgeCdn.Edge.Invalidation;

/// <summary>One line of the <see cref="InvalidationJournal"/>.</summary>
internal sealed class JournalEntry
{
    public required string Distribution { get; init; }

    /// <summary>The distribution's invalidation epoch this invalidation moved it to.</summary>
    public required int Epoch { get; init; }

    public required string Id { get; init; }

    public required DateTimeOffset Time { get; init; }

    public string? CallerReference { get; init; }

    public required string[] Paths { get; init; }
}
