namespace EdgeCdn.Core.Signing;

/// <summary>A fixed set of credentials, looked up by span without allocating.</summary>
public sealed class InMemoryCredentialStore : ICredentialStore
{
    private readonly Dictionary<string, AwsCredential> _byKey;
    private readonly Dictionary<string, AwsCredential>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public InMemoryCredentialStore(IEnumerable<AwsCredential> credentials)
    {
        _byKey = new Dictionary<string, AwsCredential>(StringComparer.Ordinal);
        foreach (var credential in credentials)
        {
            if (!_byKey.TryAdd(credential.AccessKeyId, credential))
            {
                throw new ArgumentException($"Access key id '{credential.AccessKeyId}' is configured twice.", nameof(credentials));
            }
        }

        _lookup = _byKey.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyCollection<AwsCredential> All => _byKey.Values;

    public AwsCredential? Find(ReadOnlySpan<char> accessKeyId) =>
        _lookup.TryGetValue(accessKeyId, out var credential) ? credential : null;
}
