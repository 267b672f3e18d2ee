namespace EdgeCdn.Core.Signing;

/// <summary>An access key pair (and, for temporary credentials, a session token).</summary>
public sealed class AwsCredential
{
    public AwsCredential(string accessKeyId, string secretAccessKey, string? sessionToken = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
        SigningKeys = new SigningKeyCache(secretAccessKey);
    }

    public string AccessKeyId { get; }

    public string SecretAccessKey { get; }

    public string? SessionToken { get; }

    /// <summary>The name of the user this key belongs to (the origin's policy engine uses it); null when unknown.</summary>
    public string? UserName { get; init; }

    internal SigningKeyCache SigningKeys { get; }

    // The secret must never reach a log through ToString.
    public override string ToString() => $"AwsCredential({AccessKeyId})";
}
