using System.Text.Json.Serialization;

namespace EdgeCdn.Acme.Protocol;

// The resources of RFC 8555 §7.1, with the members this client reads. Unknown members are ignored.

internal sealed class AcmeDirectory
{
    [JsonPropertyName("newNonce")]
    public string NewNonce { get; init; } = "";

    [JsonPropertyName("newAccount")]
    public string NewAccount { get; init; } = "";

    [JsonPropertyName("newOrder")]
    public string NewOrder { get; init; } = "";

    [JsonPropertyName("meta")]
    public AcmeDirectoryMeta? Meta { get; init; }
}

internal sealed class AcmeDirectoryMeta
{
    [JsonPropertyName("termsOfService")]
    public string? TermsOfService { get; init; }

    [JsonPropertyName("externalAccountRequired")]
    public bool ExternalAccountRequired { get; init; }
}

internal sealed class AcmeAccountResource
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "";
}

internal sealed class AcmeOrderResource
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "";

    [JsonPropertyName("identifiers")]
    public List<AcmeIdentifier> Identifiers { get; init; } = [];

    [JsonPropertyName("authorizations")]
    public List<string> Authorizations { get; init; } = [];

    [JsonPropertyName("finalize")]
    public string Finalize { get; init; } = "";

    [JsonPropertyName("certificate")]
    public string? Certificate { get; init; }

    [JsonPropertyName("error")]
    public AcmeProblem? Error { get; init; }
}

internal sealed class AcmeAuthorizationResource
{
    [JsonPropertyName("identifier")]
    public AcmeIdentifier Identifier { get; init; } = new("dns", "");

    [JsonPropertyName("status")]
    public string Status { get; init; } = "";

    [JsonPropertyName("challenges")]
    public List<AcmeChallengeResource> Challenges { get; init; } = [];

    [JsonPropertyName("wildcard")]
    public bool Wildcard { get; init; }
}

internal sealed class AcmeChallengeResource
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("url")]
    public string Url { get; init; } = "";

    [JsonPropertyName("status")]
    public string Status { get; init; } = "";

    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("error")]
    public AcmeProblem? Error { get; init; }
}

/// <summary>Status values of orders, authorizations and challenges (RFC 8555 §7.1.6).</summary>
internal static class AcmeStatus
{
    public const string Pending = "pending";
    public const string Ready = "ready";
    public const string Processing = "processing";
    public const string Valid = "valid";
    public const string Invalid = "invalid";
}
