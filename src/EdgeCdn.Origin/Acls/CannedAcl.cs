namespace EdgeCdn.Origin.Acls;

/// <summary>S3's canned ACLs as grants added to the owner's FULL_CONTROL.</summary>
internal static class CannedAcl
{
    /// <summary>The grants of <paramref name="name"/>, or null when S3 has no such canned ACL.</summary>
    public static AccessControlList? Grants(string name, string bucketOwnerId, bool forObject) => name switch
    {
        "private" or "aws-exec-read" => AccessControlList.Private,
        "public-read" => new([new AclGrant(GranteeType.Group, AccessControlList.AllUsers, "READ")]),
        "public-read-write" => new([
            new AclGrant(GranteeType.Group, AccessControlList.AllUsers, "READ"),
            new AclGrant(GranteeType.Group, AccessControlList.AllUsers, "WRITE")]),
        "authenticated-read" => new([new AclGrant(GranteeType.Group, AccessControlList.AuthenticatedUsers, "READ")]),
        "bucket-owner-read" when forObject => new([new AclGrant(GranteeType.CanonicalUser, bucketOwnerId, "READ")]),
        "bucket-owner-full-control" when forObject => new([new AclGrant(GranteeType.CanonicalUser, bucketOwnerId, "FULL_CONTROL")]),
        "bucket-owner-read" or "bucket-owner-full-control" => AccessControlList.Private,
        "log-delivery-write" => new([
            new AclGrant(GranteeType.Group, AccessControlList.LogDelivery, "WRITE"),
            new AclGrant(GranteeType.Group, AccessControlList.LogDelivery, "READ_ACP")]),
        _ => null,
    };
}
