using EdgeCdn.Core.Signing;

namespace EdgeCdn.Origin.Auth;

/// <summary>The access keys the origin accepts (configured users and the root user), set once at start-up.</summary>
internal sealed class OriginCredentialStore : ICredentialStore
{
    private volatile InMemoryCredentialStore _credentials = new([]);
    private volatile Dictionary<string, OriginPrincipal> _principals = new(StringComparer.Ordinal);

    public int Count => _principals.Count;

    public void Load(IEnumerable<(string UserName, string AccessKey, string SecretKey, bool IsAdministrator)> users)
    {
        var list = users.ToList();
        _principals = list.ToDictionary(u => u.AccessKey, u => new OriginPrincipal(u.UserName, u.AccessKey, u.IsAdministrator), StringComparer.Ordinal);
        _credentials = new InMemoryCredentialStore(list.Select(u => new AwsCredential(u.AccessKey, u.SecretKey) { UserName = u.UserName }));
    }

    public AwsCredential? Find(ReadOnlySpan<char> accessKeyId) => _credentials.Find(accessKeyId);

    public OriginPrincipal PrincipalOf(AwsCredential credential) => _principals[credential.AccessKeyId];
}
