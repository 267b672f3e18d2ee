using EdgeCdn.Core.Signing;

namespace EdgeCdn.Origin.Auth;

/// <summary>The access keys the origin accepts (configured users, service identities and the root user), set once at
/// start-up, with the principal each key signs as.</summary>
internal sealed class OriginCredentialStore : ICredentialStore
{
    private volatile InMemoryCredentialStore _credentials = new([]);
    private volatile Dictionary<string, OriginPrincipal> _principals = new(StringComparer.Ordinal);
    private volatile HashSet<string> _userArns = new(StringComparer.Ordinal);

    public int Count => _principals.Count;

    public void Load(IEnumerable<(OriginPrincipal Principal, string SecretKey)> users)
    {
        var list = users.ToList();
        _principals = list.ToDictionary(u => u.Principal.AccessKeyId, u => u.Principal, StringComparer.Ordinal);
        _credentials = new InMemoryCredentialStore(list.Select(u => new AwsCredential(u.Principal.AccessKeyId, u.SecretKey) { UserName = u.Principal.UserName }));
        _userArns = list.Where(u => u.Principal.Arn is not null).Select(u => u.Principal.Arn!).ToHashSet(StringComparer.Ordinal);
    }

    public AwsCredential? Find(ReadOnlySpan<char> accessKeyId) => _credentials.Find(accessKeyId);

    public OriginPrincipal PrincipalOf(AwsCredential credential) => _principals[credential.AccessKeyId];

    /// <summary>Whether a policy may name <paramref name="arn"/> as a principal: a configured user (or the root).</summary>
    public bool IsKnownUserArn(string arn) => _userArns.Contains(arn);
}
