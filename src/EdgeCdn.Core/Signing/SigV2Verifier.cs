using System.Globalization;
using System.Security.Cryptography;

namespace EdgeCdn.Core.Signing;

/// <summary>Checks SigV2 header ("AWS AKID:signature") and query (AWSAccessKeyId, Expires, Signature) signatures.</summary>
internal static class SigV2Verifier
{
    public static SignatureCheck VerifyHeader(
        ISignableRequest request, ReadOnlySpan<char> parameters, string? virtualHostBucket, ICredentialStore credentials,
        TimeProvider time, TimeSpan allowedSkew)
    {
        const SignatureForm form = SignatureForm.HeaderV2;
        var colon = parameters.LastIndexOf(':');
        if (colon <= 0 || colon == parameters.Length - 1)
        {
            return RequestSignatureVerifier.Fail(SignatureStatus.Malformed, form, "InvalidArgument",
                "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature");
        }

        var accessKey = parameters[..colon].Trim();
        var signature = parameters[(colon + 1)..].Trim().ToString();
        var credential = credentials.Find(accessKey);
        if (credential is null)
        {
            return RequestSignatureVerifier.Fail(SignatureStatus.UnknownKey, form, "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.") with { AccessKeyId = accessKey.ToString() };
        }

        var amzDate = request.GetHeader("x-amz-date");
        var date = request.GetHeader("date");
        if (!TryParseDate(amzDate ?? date, out var requestTime))
        {
            return RequestSignatureVerifier.Fail(SignatureStatus.Malformed, form, "AccessDenied",
                "AWS authentication requires a valid Date or x-amz-date header") with { Credential = credential, AccessKeyId = credential.AccessKeyId };
        }

        var now = time.GetUtcNow();
        if ((now - requestTime).Duration() > allowedSkew)
        {
            return RequestSignatureVerifier.Fail(SignatureStatus.Skewed, form, "RequestTimeTooSkewed",
                "The difference between the request time and the current time is too large.") with
            {
                Credential = credential, AccessKeyId = credential.AccessKeyId, RequestTime = requestTime,
            };
        }

        // With x-amz-date present, the Date line of the string to sign is empty (x-amz-date is among the amz headers).
        var dateLine = amzDate is not null ? string.Empty : date!.Trim();
        return Compare(request, virtualHostBucket, credential, form, dateLine, signature, requestTime);
    }

    public static SignatureCheck VerifyQuery(ISignableRequest request, string? virtualHostBucket, ICredentialStore credentials, TimeProvider time)
    {
        const SignatureForm form = SignatureForm.QueryV2;
        string? accessKey = null, expires = null, signature = null;
        foreach (var part in request.RawQuery.Split('&'))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var value = UriEncoding.DecodeQueryComponent(part.AsSpan(eq + 1));
            switch (part[..eq])
            {
                case "AWSAccessKeyId": accessKey = value; break;
                case "Expires": expires = value; break;
                case "Signature":
                    // '+' in a base64 signature that a client forgot to escape must stay '+'.
                    signature = UriEncoding.DecodePath(part.AsSpan(eq + 1));
                    break;
            }
        }

        if (accessKey is null || expires is null || signature is null)
        {
            return RequestSignatureVerifier.Fail(SignatureStatus.Malformed, form, "AccessDenied",
                "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
        }

        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresEpoch))
        {
            return RequestSignatureVerifier.Fail(SignatureStatus.Malformed, form, "AccessDenied",
                "Invalid date (should be seconds since epoch): " + expires);
        }

        var credential = credentials.Find(accessKey);
        if (credential is null)
        {
            return RequestSignatureVerifier.Fail(SignatureStatus.UnknownKey, form, "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.") with { AccessKeyId = accessKey };
        }

        var expiry = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expiresEpoch, 0, 253402300799));
        if (time.GetUtcNow() > expiry)
        {
            return RequestSignatureVerifier.Fail(SignatureStatus.Expired, form, "AccessDenied", "Request has expired") with
            {
                Credential = credential, AccessKeyId = credential.AccessKeyId, RequestTime = expiry,
            };
        }

        return Compare(request, virtualHostBucket, credential, form, expires, signature, expiry);
    }

    private static SignatureCheck Compare(
        ISignableRequest request, string? virtualHostBucket, AwsCredential credential, SignatureForm form, string dateLine,
        string signatureBase64, DateTimeOffset requestTime)
    {
        Span<byte> provided = stackalloc byte[20];
        if (!Convert.TryFromBase64String(signatureBase64, provided, out var written) || written != 20)
        {
            provided.Clear();
        }

        var amzHeaders = request.HeaderNames
            .Where(n => n.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            .Select(n => new KeyValuePair<string, string>(n, request.GetHeader(n.ToLowerInvariant()) ?? string.Empty))
            .ToList();
        var contentMd5 = request.GetHeader("content-md5");
        var contentType = request.GetHeader("content-type");

        // Clients differ in how they escape the path they sign; try it as sent, then in S3's canonical escaping.
        string? firstStringToSign = null;
        foreach (var path in CandidatePaths(request.RawPath))
        {
            var resource = SigV2.CanonicalResource(virtualHostBucket, path, request.RawQuery);
            var stringToSign = SigV2.StringToSign(request.Method, contentMd5, contentType, dateLine, amzHeaders, resource);
            firstStringToSign ??= stringToSign;
            var computed = HMACSHA1.HashData(System.Text.Encoding.UTF8.GetBytes(credential.SecretAccessKey), System.Text.Encoding.UTF8.GetBytes(stringToSign));
            if (CryptographicOperations.FixedTimeEquals(computed, provided))
            {
                return new SignatureCheck
                {
                    Status = SignatureStatus.Valid, Form = form, Credential = credential, AccessKeyId = credential.AccessKeyId,
                    RequestTime = requestTime,
                };
            }
        }

        return new SignatureCheck
        {
            Status = SignatureStatus.Mismatch,
            Form = form,
            Credential = credential,
            AccessKeyId = credential.AccessKeyId,
            ErrorCode = "SignatureDoesNotMatch",
            Message = "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
            StringToSign = firstStringToSign,
            RequestTime = requestTime,
        };
    }

    private static IEnumerable<string> CandidatePaths(string rawPath)
    {
        yield return rawPath;
        var canonical = UriEncoding.Encode(UriEncoding.DecodePath(rawPath), keepSlash: true);
        if (canonical != rawPath)
        {
            yield return canonical;
        }
    }

    private static bool TryParseDate(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        return RequestSignatureVerifier.TryParseHttpDate(text, out value) || SigV4Computation.TryParseAmzDate(text.Trim(), out value);
    }
}
