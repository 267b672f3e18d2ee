namespace EdgeCdn.Origin.Website;

/// <summary>A website routing rule: redirect when the key starts with <see cref="KeyPrefixEquals"/> and/or the answer
/// would have been <see cref="HttpErrorCodeReturnedEquals"/>.</summary>
internal sealed record RoutingRule(string? KeyPrefixEquals, int? HttpErrorCodeReturnedEquals, WebsiteRedirect Redirect)
{
    public bool HasCondition => KeyPrefixEquals is not null || HttpErrorCodeReturnedEquals is not null;
}
