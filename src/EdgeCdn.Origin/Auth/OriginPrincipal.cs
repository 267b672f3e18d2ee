using System.Security.Cryptography;
using System.Text;

namespace EdgeCdn.Origin.Auth;

/// <summary>Who a request is from, once its signature checked out.</summary>
internal sealed class OriginPrincipal
{
    public OriginPrincipal(string userName, string accessKeyId, bool isAdministrator)
    {
        UserName = userName;
        AccessKeyId = accessKeyId;
        IsAdministrator = isAdministrator;
        CanonicalId = CanonicalIdOf(userName);
    }

    public string UserName { get; }

    public string AccessKeyId { get; }

    /// <summary>The root user: may use every bucket.</summary>
    public bool IsAdministrator { get; }

    /// <summary>The S3 canonical user id (64 hex) shown as Owner/ID.</summary>
    public string CanonicalId { get; }

    public static string CanonicalIdOf(string userName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("edgecdn-user:" + userName)));

    public override string ToString() => $"{UserName} ({AccessKeyId})";
}
