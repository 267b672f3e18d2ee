using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace EdgeCdn.Core.Signing;

/// <summary>
/// Signs requests with AWS Signature Version 4: the Authorization header form, the presigned query form, and the
/// seed of aws-chunked bodies. Signing keys are derived once per day and scope.
/// </summary>
public sealed class SigV4Signer
{
    /// <summary>Headers never signed: they belong to the connection or are rewritten by proxies on the way.</summary>
    private static readonly HashSet<string> UnsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "user-agent", "expect", "connection", "keep-alive", "proxy-authorization", "proxy-connection",
        "te", "trailer", "transfer-encoding", "upgrade", "x-amzn-trace-id", "via", "forwarded", "x-forwarded-for",
        "x-forwarded-host", "x-forwarded-proto", "content-length",
    };

    private readonly AwsCredential _credential;
    private readonly string _region;
    private readonly string _service;
    private readonly PathCanonicalization _pathMode;

    public SigV4Signer(AwsCredential credential, string region, string service = "s3", PathCanonicalization? pathMode = null)
    {
        _credential = credential;
        _region = region;
        _service = service;
        _pathMode = pathMode ?? (service == "s3" ? PathCanonicalization.S3 : PathCanonicalization.NormalizeAndEncode);
    }

    public AwsCredential Credential => _credential;

    public string Region => _region;

    /// <summary>
    /// Signs for the Authorization header. The headers of <paramref name="request"/> are all signed; x-amz-date is
    /// taken from them when present, otherwise it is <paramref name="time"/> (and the caller must send it).
    /// </summary>
    public SignatureV4Result Sign(SigningRequest request, DateTimeOffset time)
    {
        var headers = CombineHeaders(request.Headers);
        if (!headers.TryGetValue(SigV4Constants.AmzDate, out var amzDate))
        {
            amzDate = SigV4Computation.FormatAmzDate(time);
            if (!headers.ContainsKey("date"))
            {
                headers[SigV4Constants.AmzDate] = amzDate;
            }
        }

        var signedHeaders = string.Join(';', headers.Keys.OrderBy(k => k, StringComparer.Ordinal));
        var result = Compute(request.Method, request.RawPath, request.RawQuery, excludeSignature: false, signedHeaders,
            new DictionaryHeaders(headers), request.PayloadHash, amzDate);
        var authorization = $"{SigV4Constants.Algorithm} Credential={_credential.AccessKeyId}/{result.Scope}, SignedHeaders={signedHeaders}, Signature={result.Signature}";
        return result with { Authorization = authorization };
    }

    /// <summary>
    /// Signs an outgoing <see cref="HttpRequestMessage"/> in place: sets Host (from the URI when absent), x-amz-date,
    /// x-amz-content-sha256, x-amz-security-token (temporary credentials) and Authorization, replacing any
    /// Authorization it already had. Every other header on the message at this point is signed.
    /// </summary>
    public SignatureV4Result Sign(HttpRequestMessage message, DateTimeOffset time, string payloadHash = SigV4Constants.UnsignedPayload)
    {
        var uri = message.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(message));
        message.Headers.Authorization = null;
        message.Headers.Host ??= uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
        message.Headers.Remove(SigV4Constants.AmzDate);
        message.Headers.Remove(SigV4Constants.AmzContentSha256);
        message.Headers.TryAddWithoutValidation(SigV4Constants.AmzDate, SigV4Computation.FormatAmzDate(time));
        message.Headers.TryAddWithoutValidation(SigV4Constants.AmzContentSha256, payloadHash);
        if (_credential.SessionToken is { } token)
        {
            message.Headers.Remove(SigV4Constants.AmzSecurityToken);
            message.Headers.TryAddWithoutValidation(SigV4Constants.AmzSecurityToken, token);
        }

        var headers = new List<KeyValuePair<string, string>>();
        AddHeaders(headers, message.Headers);
        if (message.Content is not null)
        {
            AddHeaders(headers, message.Content.Headers);
        }

        var rawQuery = uri.Query.Length > 0 ? uri.Query[1..] : string.Empty;
        var result = Sign(new SigningRequest
        {
            Method = message.Method.Method,
            RawPath = uri.AbsolutePath,
            RawQuery = rawQuery,
            Headers = headers,
            PayloadHash = payloadHash,
        }, time);
        message.Headers.TryAddWithoutValidation("Authorization", result.Authorization);
        return result;
    }

    /// <summary>
    /// A presigned URL: the query carries X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders
    /// (host plus <paramref name="extraHeaders"/>), optional -Security-Token, and -Signature.
    /// </summary>
    public string Presign(string method, Uri url, DateTimeOffset time, TimeSpan expires, IEnumerable<KeyValuePair<string, string>>? extraHeaders = null)
    {
        var seconds = (long)expires.TotalSeconds;
        if (seconds is < 1 or > SigV4Constants.MaxPresignExpirySeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(expires), "A presigned URL lives from 1 second to 7 days (604800 seconds).");
        }

        var amzDate = SigV4Computation.FormatAmzDate(time);
        var scope = $"{amzDate[..8]}/{_region}/{_service}/{SigV4Constants.Terminator}";
        var headers = CombineHeaders(extraHeaders ?? []);
        headers["host"] = url.IsDefaultPort ? url.IdnHost : $"{url.IdnHost}:{url.Port}";
        var signedHeaders = string.Join(';', headers.Keys.OrderBy(k => k, StringComparer.Ordinal));

        var query = new StringBuilder(url.Query.Length > 0 ? url.Query[1..] : string.Empty);
        void Add(string name, string value)
        {
            if (query.Length > 0)
            {
                query.Append('&');
            }

            query.Append(name).Append('=').Append(UriEncoding.Encode(value, keepSlash: false));
        }

        Add(SigV4Constants.QueryAlgorithm, SigV4Constants.Algorithm);
        Add(SigV4Constants.QueryCredential, $"{_credential.AccessKeyId}/{scope}");
        Add(SigV4Constants.QueryDate, amzDate);
        Add(SigV4Constants.QueryExpires, seconds.ToString(CultureInfo.InvariantCulture));
        if (_credential.SessionToken is { } token)
        {
            Add(SigV4Constants.QuerySecurityToken, token);
        }

        Add(SigV4Constants.QuerySignedHeaders, signedHeaders);
        var rawQuery = query.ToString();
        var result = Compute(method, url.AbsolutePath, rawQuery, excludeSignature: true, signedHeaders,
            new DictionaryHeaders(headers), SigV4Constants.UnsignedPayload, amzDate);
        var left = url.GetLeftPart(UriPartial.Path);
        return $"{left}?{rawQuery}&{SigV4Constants.QuerySignature}={result.Signature}";
    }

    /// <summary>The context for signing the chunks of an aws-chunked body that follows a request signed with
    /// <paramref name="seed"/>.</summary>
    public ChunkSigningContext CreateChunkContext(SignatureV4Result seed, StreamingPayloadMode mode)
    {
        var date = seed.AmzDate[..8];
        var key = _credential.SigningKeys.Get(date, _region, _service);
        return new ChunkSigningContext(mode, key, seed.AmzDate, seed.Scope, seed.Signature);
    }

    private SignatureV4Result Compute<THeaders>(
        string method, string rawPath, string rawQuery, bool excludeSignature, string signedHeaders, THeaders headers,
        string payloadHash, string amzDate)
        where THeaders : IHeaderLookup
    {
        var date = amzDate[..8];
        var scope = $"{date}/{_region}/{_service}/{SigV4Constants.Terminator}";
        var key = _credential.SigningKeys.Get(date, _region, _service);
        var canonical = new Utf8Buffer(512);
        var stringToSign = new Utf8Buffer(256);
        try
        {
            SigV4Computation.WriteCanonicalRequest(ref canonical, method, rawPath, _pathMode, rawQuery, excludeSignature,
                signedHeaders, headers, payloadHash);
            SigV4Computation.WriteStringToSign(ref stringToSign, amzDate, scope, canonical.Written);
            Span<byte> signature = stackalloc byte[32];
            SigV4Computation.Sign(key, stringToSign.Written, signature);
            return new SignatureV4Result(string.Empty, amzDate, Convert.ToHexStringLower(signature), signedHeaders, scope,
                canonical.ToString(), stringToSign.ToString());
        }
        finally
        {
            canonical.Dispose();
            stringToSign.Dispose();
        }
    }

    private static SortedDictionary<string, string> CombineHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var combined = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var lower = name.Trim().ToLowerInvariant();
            combined[lower] = combined.TryGetValue(lower, out var existing) ? existing + "," + value : value;
        }

        return combined;
    }

    private static void AddHeaders(List<KeyValuePair<string, string>> list, HttpHeaders headers)
    {
        foreach (var (name, values) in headers.NonValidated)
        {
            if (UnsignedHeaders.Contains(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                list.Add(new KeyValuePair<string, string>(name, value));
            }
        }
    }

    private readonly struct DictionaryHeaders(SortedDictionary<string, string> headers) : IHeaderLookup
    {
        public string? Get(string lowerCaseName) => headers.TryGetValue(lowerCaseName, out var value) ? value : null;
    }
}
