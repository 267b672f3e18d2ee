namespace EdgeCdn.Origin.Policies;

/// <summary>What a policy says about a request: nothing (no statement applies), allow, or an explicit deny.</summary>
internal enum PolicyEffect
{
    None,
    Allow,
    Deny,
}
