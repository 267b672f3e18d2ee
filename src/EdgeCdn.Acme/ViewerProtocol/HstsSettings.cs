namespace EdgeCdn.Acme.ViewerProtocol;

/// <summary>Strict-Transport-Security (RFC 6797), sent on HTTPS responses only.</summary>
public sealed record HstsSettings(TimeSpan MaxAge, bool IncludeSubDomains = false, bool Preload = false)
{
    private string? _headerValue;

    /// <summary>The header value, e.g. <c>max-age=31536000; includeSubDomains</c>.</summary>
    public string HeaderValue => _headerValue ??=
        $"max-age={(long)MaxAge.TotalSeconds}{(IncludeSubDomains ? "; includeSubDomains" : "")}{(Preload ? "; preload" : "")}";
}
