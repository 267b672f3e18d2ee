using System.Text.Json;
using EdgeCdn.Origin.Auth;

namespace EdgeCdn.Origin.Acls;

/// <summary>
/// An ACL beyond the owner's implicit FULL_CONTROL: the extra grants a canned ACL, x-amz-grant-* headers or an
/// AccessControlPolicy document gave. Stored as JSON (an empty list or no document at all means private).
/// </summary>
internal sealed record AccessControlList(IReadOnlyList<AclGrant> Grants)
{
    public const string AllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
    public const string AuthenticatedUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    public const string LogDelivery = "http://acs.amazonaws.com/groups/s3/LogDelivery";

    public static readonly AccessControlList Private = new([]);

    public static readonly string[] Permissions = ["READ", "WRITE", "READ_ACP", "WRITE_ACP", "FULL_CONTROL"];

    /// <summary>Grants anything to everyone or to every signed-in AWS user.</summary>
    public bool IsPublic => Grants.Any(IsPublicGrant);

    public static bool IsPublicGrant(AclGrant grant) => grant.Type == GranteeType.Group && grant.Id is AllUsers or AuthenticatedUsers;

    /// <summary>Whether some grant gives <paramref name="principal"/> <paramref name="permission"/> (FULL_CONTROL gives
    /// all); public grants are skipped when <paramref name="ignorePublic"/> (IgnorePublicAcls).</summary>
    public bool Allows(OriginPrincipal principal, string permission, bool ignorePublic) => Grants.Any(g =>
        (g.Permission == permission || g.Permission == "FULL_CONTROL") &&
        !(ignorePublic && IsPublicGrant(g)) &&
        g switch
        {
            { Type: GranteeType.Group, Id: AllUsers } => true,
            { Type: GranteeType.Group, Id: AuthenticatedUsers } => !principal.IsAnonymous,
            { Type: GranteeType.CanonicalUser } => !principal.IsAnonymous && g.Id == principal.CanonicalId,
            _ => false,
        });

    /// <summary>Only grants to <paramref name="ownerId"/> (what buckets with ACLs disabled accept).</summary>
    public bool OnlyOwner(string ownerId) => Grants.All(g => g.Type == GranteeType.CanonicalUser && g.Id == ownerId);

    public string? Serialize() => Grants.Count == 0
        ? null
        : JsonSerializer.Serialize(Grants.Select(g => new[] { g.Type == GranteeType.Group ? "group" : "user", g.Id, g.Permission }));

    public static AccessControlList Parse(string? json) => json is null
        ? Private
        : new AccessControlList((JsonSerializer.Deserialize<string[][]>(json) ?? [])
            .Select(g => new AclGrant(g[0] == "group" ? GranteeType.Group : GranteeType.CanonicalUser, g[1], g[2])).ToList());
}
