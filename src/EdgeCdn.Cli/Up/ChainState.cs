using System.Text.Json;

namespace EdgeCdn.Cli.Up;

/// <summary>
/// &lt;data&gt;/chain.json, written once everything is up: where the origin and each edge listen. No secrets (those are
/// in credentials.json). `edgecdn deploy` and `edgecdn env` read it to find the running chain.
/// </summary>
internal sealed record ChainState(
    string OriginUrl,
    string Bucket,
    string DistributionId,
    string Region,
    string? Domain,
    IReadOnlyList<EdgeState> Edges,
    int CliProcessId,
    int OriginProcessId)
{
    public const string FileName = "chain.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public void Save(string dataDirectory) => PrivateFile.WriteAllText(Path.Combine(dataDirectory, FileName), JsonSerializer.Serialize(this, Json));

    public static ChainState? TryLoad(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<ChainState>(File.ReadAllText(path), Json) : null;
    }

    public static void Delete(string dataDirectory) => File.Delete(Path.Combine(dataDirectory, FileName));
}

internal sealed record EdgeState(string Name, string HttpUrl, string? HttpsUrl, int ProcessId);
