namespace EdgeCdn.Origin.Lifecycle;

/// <summary>Move noncurrent versions to <see cref="StorageClass"/> <see cref="Days"/> days after they became noncurrent,
/// keeping the <see cref="NewerVersions"/> newest noncurrent versions where they are.</summary>
internal sealed record NoncurrentTransition(int Days, string StorageClass, int? NewerVersions);
