using EdgeCdn.Origin.Auth;

namespace EdgeCdn.Origin.Policies;

/// <summary>
/// IAM's evaluation of a resource policy for one request: a statement applies when its principal, action, resource
/// and every condition match; an explicit Deny wins over any Allow. This origin has one account and no identity
/// policies, so an account principal (the account id or arn:aws:iam::&lt;id&gt;:root) stands for every user of the
/// account, as if each had an identity policy allowing everything.
/// </summary>
internal static class PolicyEvaluator
{
    public static PolicyVerdict Evaluate(PolicyDocument policy, OriginPrincipal principal, string action, string resource, IConditionFacts facts)
    {
        var lowerAction = action.ToLowerInvariant();
        var allowed = false;
        var onlyPublic = true;
        foreach (var statement in policy.Statements)
        {
            if (!Applies(statement, principal, lowerAction, resource, facts))
            {
                continue;
            }

            if (!statement.IsAllow)
            {
                return new PolicyVerdict(PolicyEffect.Deny, false);
            }

            allowed = true;
            onlyPublic &= statement.IsPublic;
        }

        return allowed ? new PolicyVerdict(PolicyEffect.Allow, onlyPublic) : PolicyVerdict.None;
    }

    private static bool Applies(PolicyStatement statement, OriginPrincipal principal, string action, string resource, IConditionFacts facts)
    {
        var principalMatches = statement.Principal is { } p ? Matches(p, principal) : !Matches(statement.NotPrincipal!, principal);
        if (!principalMatches)
        {
            return false;
        }

        var actionMatches = statement.Actions is { } actions
            ? actions.Any(a => WildcardPattern.Matches(a, action))
            : !statement.NotActions!.Any(a => WildcardPattern.Matches(a, action));
        if (!actionMatches)
        {
            return false;
        }

        var resourceMatches = statement.Resources is { } resources
            ? resources.Any(r => r == "*" || WildcardPattern.Matches(r, resource))
            : !statement.NotResources!.Any(r => r == "*" || WildcardPattern.Matches(r, resource));
        return resourceMatches && statement.Conditions.All(c => c.Evaluate(facts));
    }

    private static bool Matches(PolicyPrincipals principals, OriginPrincipal principal)
    {
        if (principals.Everyone)
        {
            return true;
        }

        if (principal.IsAccountUser &&
            principals.Aws.Any(a => a == principal.Arn || a == $"arn:aws:iam::{principal.AccountId}:root"))
        {
            return true;
        }

        if (principal.IsService && principals.Services.Contains(principal.ServiceName!, StringComparer.Ordinal))
        {
            return true;
        }

        return !principal.IsAnonymous && principals.CanonicalUsers.Contains(principal.CanonicalId, StringComparer.Ordinal);
    }
}
