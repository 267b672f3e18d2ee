using System.Security.Cryptography;
using System.Text.Json;
using EdgeCdn.Core.S3;

namespace EdgeCdn.Cli.Up;

/// <summary>
/// The local chain's secrets, generated on the first `edgecdn up` and kept in &lt;data&gt;/credentials.json (mode 0600)
/// so that a second run reuses them: the root key pair of the origin (the aws CLI's and deploy's identity), the
/// edges' admin token, and the service identity the edges sign with (origin access control: the origin knows this
/// key pair as the CloudFront service principal acting for the distribution, and only that may read the bucket).
/// </summary>
internal sealed record ChainCredentials(string AccessKey, string SecretKey, string AdminToken, string? ServiceAccessKey = null, string? ServiceSecretKey = null)
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
            var stored = JsonSerializer.Deserialize<ChainCredentials>(File.ReadAllText(path), Json)
                         ?? throw new InvalidDataException($"{path} is not a credentials file; delete it to generate new credentials.");
            if (stored.ServiceAccessKey is null || stored.ServiceSecretKey is null)
            {
                // A data directory from before origin access control: give it a service identity once.
                var (key, secret) = OriginAccessControl.NewKeyPair();
                stored = stored with { ServiceAccessKey = key, ServiceSecretKey = secret };
                PrivateFile.WriteAllText(path, JsonSerializer.Serialize(stored, Json));
            }

            return stored;
        }

        var (rootKey, rootSecret) = OriginAccessControl.NewKeyPair();
        var (serviceKey, serviceSecret) = OriginAccessControl.NewKeyPair();
        var credentials = new ChainCredentials(rootKey, rootSecret, RandomNumberGenerator.GetHexString(40, lowercase: true), serviceKey, serviceSecret);
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
