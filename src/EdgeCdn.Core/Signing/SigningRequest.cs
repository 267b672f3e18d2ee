namespace EdgeCdn.Core.Signing;

/// <summary>A request to be signed, described the way it will go on the wire.</summary>
public sealed class SigningRequest
{
    public required string Method { get; init; }

    /// <summary>The path as it will be sent (percent-encoded), e.g. "/bucket/my%20key".</summary>
    public required string RawPath { get; init; }

    /// <summary>The query as it will be sent, without '?'.</summary>
    public string RawQuery { get; init; } = string.Empty;

    /// <summary>The headers to sign, including host. Names in any case; repeated names are combined in order.</summary>
    public IList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Hex SHA-256 of the body, or UNSIGNED-PAYLOAD / STREAMING-*.</summary>
    public string PayloadHash { get; init; } = SigV4Constants.EmptyPayloadHash;
}
