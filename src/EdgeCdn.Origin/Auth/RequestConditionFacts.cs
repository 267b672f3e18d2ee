using System.Globalization;
using EdgeCdn.Core.Signing;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Policies;

namespace EdgeCdn.Origin.Auth;

/// <summary>
/// The condition keys of one request, as IAM names them: aws:SourceIp (the TCP peer; no forwarded-for header is
/// trusted), aws:SecureTransport, aws:SourceArn / aws:SourceAccount (service identities, from configuration),
/// aws:PrincipalArn and friends, s3:signatureAge (milliseconds since the signature's date), s3:authType,
/// s3:signatureversion, and the request's own s3: keys (prefix, delimiter, max-keys, versionid, x-amz-acl...).
/// </summary>
internal sealed class RequestConditionFacts : IConditionFacts
{
    private readonly S3Context _context;

    public RequestConditionFacts(S3Context context)
    {
        _context = context;
    }

    public IReadOnlyList<string>? Get(string key)
    {
        var principal = _context.Principal;
        var value = key switch
        {
            "aws:sourceip" => SourceIp(),
            "aws:securetransport" => _context.HttpRequest.IsHttps ? "true" : "false",
            "aws:currenttime" => _context.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "aws:epochtime" => _context.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "aws:useragent" => Header("User-Agent"),
            "aws:referer" => Header("Referer"),
            "aws:sourcearn" => principal.SourceArn,
            "aws:sourceaccount" => principal.SourceArn is { } arn ? AccountOf(arn) : null,
            "aws:principalarn" => principal.Arn,
            "aws:principalaccount" => principal.IsAccountUser ? principal.AccountId : null,
            "aws:principaltype" => principal.Kind switch
            {
                PrincipalKind.Administrator => "Account",
                PrincipalKind.User => "User",
                PrincipalKind.Service => "AWSService",
                _ => "Anonymous",
            },
            "aws:principalservicename" => principal.ServiceName,
            "aws:principalisawsservice" => principal.IsService ? "true" : "false",
            "aws:username" => principal.Kind == PrincipalKind.User ? principal.UserName : null,
            "aws:userid" => principal.IsAccountUser ? principal.CanonicalId : null,
            "s3:signatureage" => SignatureAge(),
            "s3:authtype" => _context.Signature.Form switch
            {
                SignatureForm.HeaderV4 or SignatureForm.HeaderV2 => "REST-HEADER",
                SignatureForm.QueryV4 or SignatureForm.QueryV2 => "REST-QUERY-STRING",
                _ => null,
            },
            "s3:signatureversion" => _context.Signature.Form switch
            {
                SignatureForm.HeaderV4 or SignatureForm.QueryV4 => "AWS4-HMAC-SHA256",
                SignatureForm.HeaderV2 or SignatureForm.QueryV2 => "AWS",
                _ => null,
            },
            "s3:prefix" => _context.Request.Query.Get("prefix"),
            "s3:delimiter" => _context.Request.Query.Get("delimiter"),
            "s3:max-keys" => _context.Request.Query.Get("max-keys"),
            "s3:versionid" => _context.Request.Query.Get("versionId"),
            _ when key.StartsWith("s3:x-amz-", StringComparison.Ordinal) => Header(key[3..]),
            _ => null,
        };
        return value is null ? null : [value];
    }

    private string? SourceIp()
    {
        var address = _context.Http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return null;
        }

        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    private string? SignatureAge() => _context.Signature.RequestTime is { } signed
        ? Math.Max(0, (long)(_context.Now - signed).TotalMilliseconds).ToString(CultureInfo.InvariantCulture)
        : null;

    private string? Header(string name) => _context.HttpRequest.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    private static string? AccountOf(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length > 4 && parts[4].Length > 0 ? parts[4] : null;
    }
}
