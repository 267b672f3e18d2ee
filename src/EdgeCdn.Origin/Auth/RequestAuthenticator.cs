using System.Globalization;
using System.Text;
using EdgeCdn.Core.S3;
using EdgeCdn.Core.Signing;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Auth;

/// <summary>
/// The first step of every request, before any bucket is looked up: checks the signature with Core's verifier and
/// turns a failure into the S3 error AWS sends, with the diagnostic elements AWS adds (the canonical request and
/// string to sign for SignatureDoesNotMatch, server time for skew and expiry).
/// </summary>
internal sealed class RequestAuthenticator
{
    private readonly RequestSignatureVerifier _verifier;
    private readonly OriginCredentialStore _credentials;
    private readonly TimeProvider _time;
    private readonly OriginOptions _options;

    public RequestAuthenticator(OriginCredentialStore credentials, IOptions<OriginOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _credentials = credentials;
        _time = time;
        _verifier = new RequestSignatureVerifier(credentials, new SignatureVerifierOptions
        {
            Region = _options.Region,
            Service = "s3",
            AllowedClockSkew = _options.AllowedClockSkew,
        }, time);
    }

    /// <summary>The principal (null for an anonymous request) and the verifier's result; throws on a bad signature.</summary>
    public (OriginPrincipal? Principal, SignatureCheck Check) Authenticate(HttpRequest http, S3Request request)
    {
        var check = _verifier.Verify(new HttpSignableRequest(http, request.RawPath, request.RawQuery), request.VirtualHosted ? request.Bucket : null);
        return check.Status switch
        {
            SignatureStatus.Valid => (_credentials.PrincipalOf(check.Credential!), check),
            SignatureStatus.Missing => (null, check),
            _ => throw ToException(http, check),
        };
    }

    private S3Exception ToException(HttpRequest http, SignatureCheck check)
    {
        var definition = S3ErrorCatalog.Get(check.ErrorCode ?? "AccessDenied");
        var details = new List<KeyValuePair<string, string>>();
        var now = _time.GetUtcNow();
        switch (check.Status)
        {
            case SignatureStatus.Mismatch:
                details.Add(S3Exception.Detail("AWSAccessKeyId", check.AccessKeyId ?? string.Empty));
                if (check.StringToSign is { } stringToSign)
                {
                    details.Add(S3Exception.Detail("StringToSign", stringToSign));
                }

                details.Add(S3Exception.Detail("SignatureProvided", ProvidedSignature(http, check.Form)));
                if (check.StringToSign is { } sts)
                {
                    details.Add(S3Exception.Detail("StringToSignBytes", SpacedHex(sts)));
                }

                if (check.CanonicalRequest is { } canonical)
                {
                    details.Add(S3Exception.Detail("CanonicalRequest", canonical));
                    details.Add(S3Exception.Detail("CanonicalRequestBytes", SpacedHex(canonical)));
                }

                break;
            case SignatureStatus.Skewed:
                details.Add(S3Exception.Detail("RequestTime", FormatAmz(check.RequestTime)));
                details.Add(S3Exception.Detail("ServerTime", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
                details.Add(S3Exception.Detail("MaxAllowedSkewMilliseconds",
                    ((long)_options.AllowedClockSkew.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
                break;
            case SignatureStatus.Expired:
                details.Add(S3Exception.Detail("X-Amz-Expires", http.Query["X-Amz-Expires"].ToString()));
                details.Add(S3Exception.Detail("Expires", FormatAmz(check.RequestTime?.AddSeconds(
                    int.TryParse(http.Query["X-Amz-Expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0))));
                details.Add(S3Exception.Detail("ServerTime", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
                break;
            case SignatureStatus.UnknownKey:
                details.Add(S3Exception.Detail("AWSAccessKeyId", check.AccessKeyId ?? string.Empty));
                break;
            case SignatureStatus.Malformed when definition.Code == "AuthorizationHeaderMalformed":
                details.Add(S3Exception.Detail("Region", _options.Region));
                break;
        }

        return new S3Exception(definition, check.Message ?? definition.Message, [.. details]);
    }

    private static string FormatAmz(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : string.Empty;

    private static string ProvidedSignature(HttpRequest http, SignatureForm form)
    {
        switch (form)
        {
            case SignatureForm.HeaderV4:
                var authorization = http.Headers.Authorization.ToString();
                var index = authorization.IndexOf("Signature=", StringComparison.Ordinal);
                return index < 0 ? string.Empty : authorization[(index + "Signature=".Length)..].Split(',')[0].Trim();
            case SignatureForm.QueryV4:
                return http.Query["X-Amz-Signature"].ToString();
            case SignatureForm.HeaderV2:
                var v2 = http.Headers.Authorization.ToString();
                var colon = v2.LastIndexOf(':');
                return colon < 0 ? string.Empty : v2[(colon + 1)..].Trim();
            case SignatureForm.QueryV2:
                return http.Query["Signature"].ToString();
            default:
                return string.Empty;
        }
    }

    private static string SpacedHex(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
