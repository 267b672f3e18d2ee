using System.Text.Json.Serialization;

namespace EdgeCdn.Acme.Protocol;

/// <summary>An ACME identifier (RFC 8555 §9.7.7): type "dns" and a host name.</summary>
public sealed record AcmeIdentifier(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string Value);
