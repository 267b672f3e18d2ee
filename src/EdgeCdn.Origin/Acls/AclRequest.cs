using System.Xml;
using System.Xml.Linq;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Policies;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Acls;

/// <summary>
/// The ACL a request asks for — a canned ACL (x-amz-acl), x-amz-grant-* headers, or an AccessControlPolicy body — and
/// the bucket rules it must pass: with ACLs disabled (BucketOwnerEnforced) only grants to the bucket owner are
/// accepted (AccessControlListNotSupported otherwise); with BlockPublicAcls a public grant is AccessDenied.
/// </summary>
internal static class AclRequest
{
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

    private static readonly (string Header, string Permission)[] GrantHeaders =
    [
        ("x-amz-grant-read", "READ"), ("x-amz-grant-write", "WRITE"), ("x-amz-grant-read-acp", "READ_ACP"),
        ("x-amz-grant-write-acp", "WRITE_ACP"), ("x-amz-grant-full-control", "FULL_CONTROL"),
    ];

    /// <summary>The ACL the headers ask for; null when they name none.</summary>
    public static AccessControlList? FromHeaders(IHeaderDictionary headers, string bucketOwnerId, bool forObject)
    {
        var canned = headers["x-amz-acl"].ToString();
        var grants = new List<AclGrant>();
        foreach (var (header, permission) in GrantHeaders)
        {
            var value = headers[header].ToString();
            if (value.Length > 0)
            {
                grants.AddRange(ParseGrantHeader(value, permission));
            }
        }

        if (canned.Length > 0 && grants.Count > 0)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest, "Specifying both Canned ACLs and Header Grants is not allowed");
        }

        if (canned.Length > 0)
        {
            return CannedAcl.Grants(canned, bucketOwnerId, forObject)
                ?? throw new S3Exception(S3ErrorCatalog.InvalidArgument, null, S3Exception.Detail("ArgumentName", "x-amz-acl"), S3Exception.Detail("ArgumentValue", canned));
        }

        return grants.Count > 0 ? new AccessControlList(grants) : null;
    }

    /// <summary>An AccessControlPolicy document (PutBucketAcl / PutObjectAcl with a body).</summary>
    public static AccessControlList FromXml(byte[] body)
    {
        var root = RequestXml.Parse(body, "AccessControlPolicy");
        var list = RequestXml.Children(root, "AccessControlList").FirstOrDefault() ?? throw new S3Exception(S3ErrorCatalog.MalformedXML);
        var grants = new List<AclGrant>();
        foreach (var grant in RequestXml.Children(list, "Grant"))
        {
            var grantee = RequestXml.Children(grant, "Grantee").FirstOrDefault() ?? throw new S3Exception(S3ErrorCatalog.MalformedXML);
            var permission = RequestXml.Value(grant, "Permission")?.Trim();
            if (permission is null || !AccessControlList.Permissions.Contains(permission))
            {
                throw new S3Exception(S3ErrorCatalog.MalformedXML);
            }

            var type = grantee.Attribute(XName.Get("type", XsiNamespace))?.Value;
            if (RequestXml.Value(grantee, "URI") is { } uri && (type is null or "Group"))
            {
                grants.Add(new AclGrant(GranteeType.Group, CheckGroup(uri.Trim()), permission));
            }
            else if (RequestXml.Value(grantee, "ID") is { } id && (type is null or "CanonicalUser"))
            {
                grants.Add(new AclGrant(GranteeType.CanonicalUser, id.Trim().ToLowerInvariant(), permission));
            }
            else if (RequestXml.Value(grantee, "EmailAddress") is not null)
            {
                throw UnresolvableEmail();
            }
            else
            {
                throw new S3Exception(S3ErrorCatalog.MalformedXML);
            }
        }

        return new AccessControlList(grants);
    }

    /// <summary>Applies the bucket's ownership and Block Public Access rules to an ACL being set.</summary>
    public static void Check(BucketRecord bucket, AccessControlList acl, string ownerId)
    {
        if (!ObjectOwnership.AclsEnabled(bucket) && !acl.OnlyOwner(ownerId))
        {
            throw new S3Exception(S3ErrorCatalog.AccessControlListNotSupported);
        }

        if (acl.IsPublic && PublicAccessBlocks.Of(bucket).BlockPublicAcls)
        {
            throw new S3Exception(S3ErrorCatalog.AccessDenied, "Access Denied: Block Public Access (BlockPublicAcls) refuses public ACLs on this bucket.");
        }
    }

    public static void WritePolicy(XmlWriter w, string ownerName, AccessControlList acl, bool aclsEnabled)
    {
        var ownerId = Auth.OriginPrincipal.CanonicalIdOf(ownerName);
        w.WriteStartElement("Owner");
        XmlResponse.Element(w, "ID", ownerId);
        XmlResponse.Element(w, "DisplayName", ownerName);
        w.WriteEndElement();
        w.WriteStartElement("AccessControlList");
        WriteGrant(w, new AclGrant(GranteeType.CanonicalUser, ownerId, "FULL_CONTROL"), ownerName);
        if (aclsEnabled)
        {
            foreach (var grant in acl.Grants.Where(g => !(g.Type == GranteeType.CanonicalUser && g.Id == ownerId && g.Permission == "FULL_CONTROL")))
            {
                WriteGrant(w, grant, null);
            }
        }

        w.WriteEndElement();
    }

    private static void WriteGrant(XmlWriter w, AclGrant grant, string? displayName)
    {
        w.WriteStartElement("Grant");
        w.WriteStartElement("Grantee");
        w.WriteAttributeString("xmlns", "xsi", null, XsiNamespace);
        w.WriteAttributeString("xsi", "type", XsiNamespace, grant.Type == GranteeType.Group ? "Group" : "CanonicalUser");
        if (grant.Type == GranteeType.Group)
        {
            XmlResponse.Element(w, "URI", grant.Id);
        }
        else
        {
            XmlResponse.Element(w, "ID", grant.Id);
            if (displayName is not null)
            {
                XmlResponse.Element(w, "DisplayName", displayName);
            }
        }

        w.WriteEndElement();
        XmlResponse.Element(w, "Permission", grant.Permission);
        w.WriteEndElement();
    }

    private static IEnumerable<AclGrant> ParseGrantHeader(string value, string permission)
    {
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Invalid grant header value", S3Exception.Detail("ArgumentValue", item));
            }

            var kind = item[..eq].Trim();
            var id = item[(eq + 1)..].Trim().Trim('"');
            yield return kind switch
            {
                "id" => new AclGrant(GranteeType.CanonicalUser, id.ToLowerInvariant(), permission),
                "uri" => new AclGrant(GranteeType.Group, CheckGroup(id), permission),
                "emailAddress" => throw UnresolvableEmail(),
                _ => throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Invalid grant header value", S3Exception.Detail("ArgumentValue", item)),
            };
        }
    }

    private static string CheckGroup(string uri) => uri is AccessControlList.AllUsers or AccessControlList.AuthenticatedUsers or AccessControlList.LogDelivery
        ? uri
        : throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Invalid group uri", S3Exception.Detail("ArgumentValue", uri));

    private static S3Exception UnresolvableEmail() =>
        new(new S3ErrorDefinition("UnresolvableGrantByEmailAddress", 400, "The email address you provided does not match any account on record."));
}
