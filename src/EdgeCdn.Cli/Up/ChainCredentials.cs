using System.Security.Cryptography;
using System.Text.Json;

namespace EdgeCdn.Cli.Up;

/// <summary>
/// The local chain's secrets, generated on the first `edgecdn up` and kept in &lt;data&gt;/credentials.json (mode 0600)
/// so that a second run reuses them: the root key pair of the origin (the aws CLI's and deploy's identity) and
/// the edges' admin token.
/// </summary>
internal sealed record ChainCredentials(string AccessKey, string SecretKey, string AdminToken)
{
    public const string FileName = "credentials.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Loads the stored credentials, or creates and stores new ones; <paramref name="created"/> says which.</summary>
    public static ChainCredentials LoadOrCreate(string dataDirectory, out bool created)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            created = false;
            return JsonSerializer.Deserialize<ChainCredentials>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path} is not a credentials file; delete it to generate new credentials.");
        }

        var credentials = new ChainCredentials(
            "EDGE" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 16),
            RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40),
            RandomNumberGenerator.GetHexString(40, lowercase: true));
        PrivateFile.WriteAllText(path, JsonSerializer.Serialize(credentials, Json));
        created = true;
        return credentials;
    }

    public static ChainCredentials? TryLoad(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<ChainCredentials>(File.ReadAllText(path), Json) : null;
    }

    // Never print the secret by accident.
    public override string ToString() => $"ChainCredentials({AccessKey})";
}
