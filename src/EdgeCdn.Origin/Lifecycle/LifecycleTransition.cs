namespace EdgeCdn.Origin.Lifecycle;

/// <summary>Move current versions to <see cref="StorageClass"/> after <see cref="Days"/> days or on <see cref="Date"/>.</summary>
internal sealed record LifecycleTransition(int? Days, DateTimeOffset? Date, string StorageClass);
