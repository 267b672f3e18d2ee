namespace EdgeCdn.Acme.Storage;

/// <summary>A certificate as it is kept: the names it was ordered for, the PEM chain (leaf first) and the PEM private key.</summary>
public sealed class StoredCertificate
{
    public StoredCertificate(IReadOnlyList<string> names, string certificateChainPem, string privateKeyPem)
    {
        ArgumentOutOfRangeException.ThrowIfZero(names.Count);
        ArgumentException.ThrowIfNullOrEmpty(certificateChainPem);
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPem);
        Names = names;
        CertificateChainPem = certificateChainPem;
        PrivateKeyPem = privateKeyPem;
    }

    /// <summary>Normalised host names (lower case), the first being the subject's common name.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The leaf certificate followed by the intermediates, as the CA sent them.</summary>
    public string CertificateChainPem { get; }

    /// <summary>The certificate's private key, PKCS#8 PEM. A secret: never logged.</summary>
    public string PrivateKeyPem { get; }

    public override string ToString() => "certificate for " + string.Join(", ", Names);
}
