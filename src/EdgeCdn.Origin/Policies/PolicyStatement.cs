namespace EdgeCdn.Origin.Policies;

/// <summary>One statement of a policy; exactly one of each Principal/NotPrincipal, Action/NotAction and
/// Resource/NotResource pair is set.</summary>
internal sealed record PolicyStatement
{
    public string? Sid { get; init; }

    public required bool IsAllow { get; init; }

    public PolicyPrincipals? Principal { get; init; }

    public PolicyPrincipals? NotPrincipal { get; init; }

    /// <summary>Lower-cased action patterns ("s3:get*").</summary>
    public IReadOnlyList<string>? Actions { get; init; }

    public IReadOnlyList<string>? NotActions { get; init; }

    /// <summary>Resource ARN patterns (case-sensitive).</summary>
    public IReadOnlyList<string>? Resources { get; init; }

    public IReadOnlyList<string>? NotResources { get; init; }

    public IReadOnlyList<PolicyCondition> Conditions { get; init; } = [];

    public bool IsPublic => IsAllow && (NotPrincipal is not null || Principal!.Everyone) && !Conditions.Any(c => c.FixesCaller);
}
