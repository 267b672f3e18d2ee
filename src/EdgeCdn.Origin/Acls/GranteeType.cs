namespace EdgeCdn.Origin.Acls;

/// <summary>Who an ACL grant is for: one canonical user, or a predefined group (AllUsers, AuthenticatedUsers, LogDelivery).</summary>
internal enum GranteeType
{
    CanonicalUser,
    Group,
}
