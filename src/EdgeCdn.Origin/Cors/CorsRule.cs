namespace EdgeCdn.Origin.Cors;

/// <summary>One CORSRule: which origins may use which methods with which request headers, what the browser may read
/// of the response, and how long it may cache a preflight.</summary>
internal sealed record CorsRule(
    string? Id, IReadOnlyList<string> AllowedMethods, IReadOnlyList<string> AllowedOrigins, IReadOnlyList<string> AllowedHeaders,
    IReadOnlyList<string> ExposeHeaders, int? MaxAgeSeconds)
{
    public bool MatchesOrigin(string origin) => AllowedOrigins.Any(o => Policies.WildcardPattern.Matches(o, origin));

    public bool AllowsHeader(string header) => AllowedHeaders.Any(h => Policies.WildcardPattern.Matches(h, header, ignoreCase: true));
}
