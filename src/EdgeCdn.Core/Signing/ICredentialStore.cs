namespace EdgeCdn.Core.Signing;

/// <summary>Looks up the credential for an access key id, as the signature verifier needs it.</summary>
public interface ICredentialStore
{
    /// <summary>The credential whose access key id equals <paramref name="accessKeyId"/>, or null.</summary>
    AwsCredential? Find(ReadOnlySpan<char> accessKeyId);
}
