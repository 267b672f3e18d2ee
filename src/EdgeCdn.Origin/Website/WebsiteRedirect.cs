namespace EdgeCdn.Origin.Website;

/// <summary>Where a routing rule sends a request: any part left null keeps the request's own (protocol, host, key).</summary>
internal sealed record WebsiteRedirect(string? HostName, string? Protocol, int? HttpRedirectCode, string? ReplaceKeyPrefixWith, string? ReplaceKeyWith);
