namespace EdgeCdn.Origin.Policies;

/// <summary>The principals a statement names: everyone ("*"), AWS ARNs and account ids, service principals, canonical
/// user ids (Federated principals are kept but never match here).</summary>
internal sealed record PolicyPrincipals(
    bool Everyone, IReadOnlyList<string> Aws, IReadOnlyList<string> Services, IReadOnlyList<string> CanonicalUsers)
{
    public static readonly PolicyPrincipals All = new(true, [], [], []);
}
