namespace EdgeCdn.Origin.Acls;

/// <summary>One ACL grant: grantee (canonical id or group URI) and permission (READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL).</summary>
internal sealed record AclGrant(GranteeType Type, string Id, string Permission);
