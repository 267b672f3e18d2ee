using EdgeCdn.Core.Signing;

namespace EdgeCdn.TestCommon.Edge;

/// <summary>A request as the <see cref="TestOrigin"/> received it, with the verdict on its SigV4 signature.</summary>
public sealed class OriginRequestRecord
{
    public required string Method { get; init; }

    /// <summary>The object path, bucket prefix removed, decoded.</summary>
    public required string Path { get; init; }

    public required string RawTarget { get; init; }

    public required string Query { get; init; }

    public required Dictionary<string, string> Headers { get; init; }

    public required SignatureStatus Signature { get; init; }

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
