namespace EdgeCdn.Origin.Policies;

/// <summary>The outcome of evaluating a policy; <see cref="OnlyPublicGrants"/> when every statement that allowed the
/// request was a public one (what RestrictPublicBuckets takes away).</summary>
internal readonly record struct PolicyVerdict(PolicyEffect Effect, bool OnlyPublicGrants)
{
    public static readonly PolicyVerdict None = new(PolicyEffect.None, false);
}
