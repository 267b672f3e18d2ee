using System.Security.Cryptography;
using System.Text;

namespace EdgeCdn.Origin.Auth;

/// <summary>
/// Who a request is from, once its signature checked out (or <see cref="Anonymous"/> for an unsigned request), with
/// what policies match on: the IAM-style ARN of a user, or for a service identity the service principal and the
/// source ARN it is bound to in configuration (never taken from the request).
/// </summary>
internal sealed class OriginPrincipal
{
    public static readonly OriginPrincipal Anonymous = new(PrincipalKind.Anonymous, "anonymous", string.Empty, string.Empty);

    public OriginPrincipal(PrincipalKind kind, string userName, string accessKeyId, string accountId, string? serviceName = null, string? sourceArn = null)
    {
        Kind = kind;
        UserName = userName;
        AccessKeyId = accessKeyId;
        AccountId = accountId;
        ServiceName = serviceName;
        SourceArn = sourceArn;
        CanonicalId = kind == PrincipalKind.Anonymous ? "65a011a29cdf8ec533ec3d1ccaae921c" : CanonicalIdOf(userName);
        Arn = kind switch
        {
            PrincipalKind.Administrator => $"arn:aws:iam::{accountId}:root",
            PrincipalKind.User => $"arn:aws:iam::{accountId}:user/{userName}",
            _ => null,
        };
    }

    public PrincipalKind Kind { get; }

    public string UserName { get; }

    public string AccessKeyId { get; }

    /// <summary>The account the principal belongs to (Origin:AccountId); empty for anonymous requests.</summary>
    public string AccountId { get; }

    /// <summary>Users: the ARN policies name them by (aws:PrincipalArn); null for services and anonymous requests.</summary>
    public string? Arn { get; }

    /// <summary>Service identities: the service principal, e.g. cloudfront.amazonaws.com.</summary>
    public string? ServiceName { get; }

    /// <summary>Service identities: what they act for (aws:SourceArn), e.g. a CloudFront distribution's ARN.</summary>
    public string? SourceArn { get; }

    /// <summary>The root user: owns every bucket's administration.</summary>
    public bool IsAdministrator => Kind == PrincipalKind.Administrator;

    public bool IsAnonymous => Kind == PrincipalKind.Anonymous;

    public bool IsService => Kind == PrincipalKind.Service;

    /// <summary>A user or the root user of the account (not a service, not anonymous).</summary>
    public bool IsAccountUser => Kind is PrincipalKind.User or PrincipalKind.Administrator;

    /// <summary>The S3 canonical user id (64 hex) shown as Owner/ID.</summary>
    public string CanonicalId { get; }

    public static string CanonicalIdOf(string userName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("edgecdn-user:" + userName)));

    public override string ToString() => Kind == PrincipalKind.Anonymous ? "anonymous" : $"{UserName} ({AccessKeyId})";
}
