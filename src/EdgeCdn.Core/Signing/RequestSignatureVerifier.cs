using System.Globalization;
using System.Security.Cryptography;

namespace EdgeCdn.Core.Signing;

/// <summary>
/// Verifies the signature of an incoming request in any of the forms S3 accepts: SigV4 in the Authorization header,
/// SigV4 presigned query parameters, SigV2 header and SigV2 query. Returns a <see cref="SignatureCheck"/>; the
/// comparison of signatures is constant-time. The header-signed success path allocates nothing of its own.
/// </summary>
public sealed class RequestSignatureVerifier
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private readonly ICredentialStore _credentials;
    private readonly SignatureVerifierOptions _options;
    private readonly TimeProvider _time;

    public RequestSignatureVerifier(ICredentialStore credentials, SignatureVerifierOptions options, TimeProvider time)
    {
        _credentials = credentials;
        _options = options;
        _time = time;
    }

    /// <summary>Checks <paramref name="request"/>; <paramref name="virtualHostBucket"/> is the bucket named by the Host
    /// header for virtual-host-style requests (SigV2 signs it as part of the resource).</summary>
    public SignatureCheck Verify(ISignableRequest request, string? virtualHostBucket = null)
    {
        var authorization = request.GetHeader(SigV4Constants.Authorization);
        if (authorization is not null)
        {
            var auth = authorization.AsSpan().TrimStart();
            if (auth.StartsWith(SigV4Constants.Algorithm + " ", StringComparison.Ordinal))
            {
                return VerifyHeaderV4(request, auth[(SigV4Constants.Algorithm.Length + 1)..]);
            }

            if (auth.StartsWith("AWS ", StringComparison.Ordinal))
            {
                return SigV2Verifier.VerifyHeader(request, auth[4..], virtualHostBucket, _credentials, _time, _options.AllowedClockSkew);
            }

            return Fail(SignatureStatus.Malformed, SignatureForm.HeaderV4, "InvalidArgument",
                "Unsupported Authorization Type: use AWS4-HMAC-SHA256 (Signature Version 4) or AWS (Signature Version 2).");
        }

        var query = request.RawQuery.AsSpan();
        if (query.Contains("X-Amz-Algorithm=", StringComparison.Ordinal) ||
            query.Contains("X-Amz-Signature=", StringComparison.Ordinal) ||
            query.Contains("X-Amz-Credential=", StringComparison.Ordinal))
        {
            return VerifyQueryV4(request);
        }

        if (query.Contains("Signature=", StringComparison.Ordinal) && query.Contains("AWSAccessKeyId=", StringComparison.Ordinal))
        {
            return SigV2Verifier.VerifyQuery(request, virtualHostBucket, _credentials, _time);
        }

        return new SignatureCheck { Status = SignatureStatus.Missing, Form = SignatureForm.None };
    }

    private SignatureCheck VerifyHeaderV4(ISignableRequest request, ReadOnlySpan<char> parameters)
    {
        const SignatureForm form = SignatureForm.HeaderV4;
        ReadOnlySpan<char> credential = default, signedHeaders = default, signature = default;
        foreach (var range in parameters.Split(','))
        {
            var part = parameters[range].Trim();
            if (part.StartsWith("Credential=", StringComparison.Ordinal))
            {
                credential = part["Credential=".Length..];
            }
            else if (part.StartsWith("SignedHeaders=", StringComparison.Ordinal))
            {
                signedHeaders = part["SignedHeaders=".Length..];
            }
            else if (part.StartsWith("Signature=", StringComparison.Ordinal))
            {
                signature = part["Signature=".Length..];
            }
            else if (!part.IsEmpty)
            {
                return Fail(SignatureStatus.Malformed, form, "AuthorizationHeaderMalformed",
                    $"The authorization header is malformed; unexpected component '{Truncate(part)}'. Expected Credential=..., SignedHeaders=..., Signature=....");
            }
        }

        if (credential.IsEmpty || signedHeaders.IsEmpty || signature.IsEmpty)
        {
            return Fail(SignatureStatus.Malformed, form, "AuthorizationHeaderMalformed",
                "The authorization header is malformed; it must contain Credential, SignedHeaders and Signature.");
        }

        if (!CredentialScope.TryParse(credential, out var scope))
        {
            return Fail(SignatureStatus.Malformed, form, "AuthorizationHeaderMalformed",
                "The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }

        var amzDateText = request.GetHeader(SigV4Constants.AmzDate);
        DateTimeOffset requestTime;
        string amzDate;
        if (amzDateText is not null)
        {
            if (!SigV4Computation.TryParseAmzDate(amzDateText, out requestTime))
            {
                return Fail(SignatureStatus.Malformed, form, "AccessDenied",
                    "AWS authentication requires a valid Date or x-amz-date header (x-amz-date must be yyyyMMddTHHmmssZ).");
            }

            amzDate = amzDateText;
        }
        else if (TryParseHttpDate(request.GetHeader("date"), out requestTime))
        {
            amzDate = SigV4Computation.FormatAmzDate(requestTime);
        }
        else
        {
            return Fail(SignatureStatus.Malformed, form, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header.");
        }

        var scopeError = CheckScope(scope, amzDate, "AuthorizationHeaderMalformed", "The authorization header is malformed; ");
        if (scopeError is { } error)
        {
            return error;
        }

        var found = _credentials.Find(scope.AccessKeyId);
        if (found is null)
        {
            return Fail(SignatureStatus.UnknownKey, form, "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.") with { AccessKeyId = scope.AccessKeyId.ToString() };
        }

        var now = _time.GetUtcNow();
        if ((now - requestTime).Duration() > _options.AllowedClockSkew)
        {
            return Fail(SignatureStatus.Skewed, form, "RequestTimeTooSkewed",
                $"The difference between the request time and the current time is too large. RequestTime: {requestTime:yyyyMMdd'T'HHmmss'Z'}, ServerTime: {now:yyyyMMdd'T'HHmmss'Z'}.") with
            {
                Credential = found, AccessKeyId = found.AccessKeyId, RequestTime = requestTime,
            };
        }

        var payloadHash = request.GetHeader(SigV4Constants.AmzContentSha256);
        if (payloadHash is null)
        {
            return Fail(SignatureStatus.Malformed, form, "InvalidRequest",
                "Missing required header for this request: x-amz-content-sha256.") with { Credential = found, AccessKeyId = found.AccessKeyId };
        }

        if (!IsValidPayloadHash(payloadHash))
        {
            return Fail(SignatureStatus.Malformed, form, "InvalidArgument",
                "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.") with
            {
                Credential = found, AccessKeyId = found.AccessKeyId,
            };
        }

        return Compute(request, form, found, scope, amzDate, requestTime, signedHeaders, signature, payloadHash, excludeSignature: false);
    }

    private SignatureCheck VerifyQueryV4(ISignableRequest request)
    {
        const SignatureForm form = SignatureForm.QueryV4;
        string? algorithm = null, credential = null, date = null, expires = null, signedHeaders = null, signature = null;
        var query = request.RawQuery.AsSpan();
        foreach (var range in query.Split('&'))
        {
            var part = query[range];
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var name = part[..eq];
            var value = part[(eq + 1)..];
            switch (name)
            {
                case SigV4Constants.QueryAlgorithm: algorithm = UriEncoding.DecodeQueryComponent(value); break;
                case SigV4Constants.QueryCredential: credential = UriEncoding.DecodeQueryComponent(value); break;
                case SigV4Constants.QueryDate: date = UriEncoding.DecodeQueryComponent(value); break;
                case SigV4Constants.QueryExpires: expires = UriEncoding.DecodeQueryComponent(value); break;
                case SigV4Constants.QuerySignedHeaders: signedHeaders = UriEncoding.DecodeQueryComponent(value); break;
                case SigV4Constants.QuerySignature: signature = UriEncoding.DecodeQueryComponent(value); break;
            }
        }

        const string code = "AuthorizationQueryParametersError";
        if (algorithm is null || credential is null || date is null || expires is null || signedHeaders is null || signature is null)
        {
            return Fail(SignatureStatus.Malformed, form, code,
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }

        if (algorithm != SigV4Constants.Algorithm)
        {
            return Fail(SignatureStatus.Malformed, form, code, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\".");
        }

        if (!SigV4Computation.TryParseAmzDate(date, out var requestTime))
        {
            return Fail(SignatureStatus.Malformed, form, code, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\".");
        }

        if (!int.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expirySeconds) || expirySeconds < 1)
        {
            return Fail(SignatureStatus.Malformed, form, code, "X-Amz-Expires should be a number of seconds from 1 to 604800.");
        }

        if (expirySeconds > SigV4Constants.MaxPresignExpirySeconds)
        {
            return Fail(SignatureStatus.Malformed, form, code, "X-Amz-Expires must be less than a week (in seconds) that is 604800.");
        }

        if (!CredentialScope.TryParse(credential, out var scope))
        {
            return Fail(SignatureStatus.Malformed, form, code,
                "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }

        var scopeError = CheckScope(scope, date, code, "Error parsing the X-Amz-Credential parameter; ");
        if (scopeError is { } error)
        {
            return error;
        }

        var found = _credentials.Find(scope.AccessKeyId);
        if (found is null)
        {
            return Fail(SignatureStatus.UnknownKey, form, "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.") with { AccessKeyId = scope.AccessKeyId.ToString() };
        }

        var now = _time.GetUtcNow();
        if (requestTime - now > _options.AllowedClockSkew)
        {
            return Fail(SignatureStatus.NotYetValid, form, "AccessDenied", "Request is not valid yet") with
            {
                Credential = found, AccessKeyId = found.AccessKeyId, RequestTime = requestTime,
            };
        }

        if (now > requestTime.AddSeconds(expirySeconds))
        {
            return Fail(SignatureStatus.Expired, form, "AccessDenied", "Request has expired") with
            {
                Credential = found, AccessKeyId = found.AccessKeyId, RequestTime = requestTime,
            };
        }

        // Presigned S3 URLs sign UNSIGNED-PAYLOAD unless the client also sent and signed x-amz-content-sha256.
        var payloadHash = request.GetHeader(SigV4Constants.AmzContentSha256) is { } claimed && IsValidPayloadHash(claimed)
            ? claimed
            : SigV4Constants.UnsignedPayload;
        return Compute(request, form, found, scope, date, requestTime, signedHeaders, signature, payloadHash, excludeSignature: true);
    }

    private SignatureCheck Compute(
        ISignableRequest request,
        SignatureForm form,
        AwsCredential credential,
        CredentialScope scope,
        string amzDate,
        DateTimeOffset requestTime,
        ReadOnlySpan<char> signedHeaders,
        ReadOnlySpan<char> signatureHex,
        string payloadHash,
        bool excludeSignature)
    {
        Span<byte> provided = stackalloc byte[32];
        if (!Hex.TryDecode(signatureHex, provided))
        {
            return Fail(SignatureStatus.Malformed, form, form == SignatureForm.HeaderV4 ? "AuthorizationHeaderMalformed" : "AuthorizationQueryParametersError",
                "The signature must be 64 hexadecimal characters.") with { Credential = credential, AccessKeyId = credential.AccessKeyId };
        }

        if (!signedHeaders.Contains("host", StringComparison.Ordinal))
        {
            return Fail(SignatureStatus.Malformed, form, form == SignatureForm.HeaderV4 ? "AuthorizationHeaderMalformed" : "AuthorizationQueryParametersError",
                "SignedHeaders must include host.") with { Credential = credential, AccessKeyId = credential.AccessKeyId };
        }

        var key = credential.SigningKeys.Get(scope.Date, scope.Region, scope.Service);
        var canonical = new Utf8Buffer(512);
        var stringToSign = new Utf8Buffer(256);
        try
        {
            SigV4Computation.WriteCanonicalRequest(ref canonical, request.Method, request.RawPath, PathCanonicalization.S3,
                request.RawQuery, excludeSignature, signedHeaders, new RequestHeaders(request), payloadHash);
            SigV4Computation.WriteStringToSign(ref stringToSign, amzDate, scope.Text, canonical.Written);
            Span<byte> computed = stackalloc byte[32];
            SigV4Computation.Sign(key, stringToSign.Written, computed);
            if (!CryptographicOperations.FixedTimeEquals(computed, provided))
            {
                return new SignatureCheck
                {
                    Status = SignatureStatus.Mismatch,
                    Form = form,
                    Credential = credential,
                    AccessKeyId = credential.AccessKeyId,
                    ErrorCode = "SignatureDoesNotMatch",
                    Message = "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                    CanonicalRequest = canonical.ToString(),
                    StringToSign = stringToSign.ToString(),
                    RequestTime = requestTime,
                };
            }

            ChunkSigningContext? streaming = null;
            if (form == SignatureForm.HeaderV4 && ChunkSigningContext.TryParseMode(payloadHash, out var mode))
            {
                streaming = new ChunkSigningContext(mode, key, amzDate, scope.Text.ToString(), signatureHex.ToString().ToLowerInvariant());
            }

            return new SignatureCheck
            {
                Status = SignatureStatus.Valid,
                Form = form,
                Credential = credential,
                AccessKeyId = credential.AccessKeyId,
                RequestTime = requestTime,
                PayloadHash = payloadHash,
                Streaming = streaming,
            };
        }
        finally
        {
            canonical.Dispose();
            stringToSign.Dispose();
        }
    }

    private SignatureCheck? CheckScope(CredentialScope scope, ReadOnlySpan<char> amzDate, string code, string prefix)
    {
        var form = code == "AuthorizationHeaderMalformed" ? SignatureForm.HeaderV4 : SignatureForm.QueryV4;
        if (!scope.Date.SequenceEqual(amzDate[..8]))
        {
            return Fail(SignatureStatus.Malformed, form, code, prefix + "Invalid credential date. Date is not the same as X-Amz-Date.");
        }

        if (!scope.Region.SequenceEqual(_options.Region))
        {
            return Fail(SignatureStatus.Malformed, form, code, $"{prefix}the region '{Truncate(scope.Region)}' is wrong; expecting '{_options.Region}'");
        }

        if (!scope.Service.SequenceEqual(_options.Service))
        {
            return Fail(SignatureStatus.Malformed, form, code, $"{prefix}incorrect service '{Truncate(scope.Service)}'. This endpoint belongs to '{_options.Service}'.");
        }

        if (!scope.Terminator.SequenceEqual(SigV4Constants.Terminator))
        {
            return Fail(SignatureStatus.Malformed, form, code, $"{prefix}incorrect terminal '{Truncate(scope.Terminator)}'. This endpoint uses 'aws4_request'.");
        }

        return null;
    }

    private static bool IsValidPayloadHash(string value) =>
        value is SigV4Constants.UnsignedPayload or SigV4Constants.StreamingSignedPayload or
            SigV4Constants.StreamingSignedPayloadTrailer or SigV4Constants.StreamingUnsignedPayloadTrailer ||
        (value.Length == 64 && value.AsSpan().IndexOfAnyExcept(HexDigits) < 0);

    internal static bool TryParseHttpDate(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        // RFC 1123 ("Tue, 27 Mar 2007 21:15:45 GMT") first; older clients send a numeric zone ("+0000").
        const DateTimeStyles styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
        var trimmed = text.Trim();
        return DateTimeOffset.TryParseExact(trimmed, "r", CultureInfo.InvariantCulture, styles, out value) ||
               (trimmed.Contains(',', StringComparison.Ordinal) && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, styles, out value));
    }

    internal static SignatureCheck Fail(SignatureStatus status, SignatureForm form, string code, string message) =>
        new() { Status = status, Form = form, ErrorCode = code, Message = message };

    private static string Truncate(ReadOnlySpan<char> value) => value.Length > 64 ? value[..64].ToString() + "..." : value.ToString();

    private readonly struct RequestHeaders(ISignableRequest request) : IHeaderLookup
    {
        public string? Get(string lowerCaseName) => request.GetHeader(lowerCaseName);
    }
}
