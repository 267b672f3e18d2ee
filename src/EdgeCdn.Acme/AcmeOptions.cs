namespace EdgeCdn.Acme;

/// <summary>The <c>Acme</c> configuration section: which CA, which account, how certificates are proven, kept and renewed.</summary>
public sealed class AcmeOptions
{
    public const string SectionName = "Acme";

    /// <summary>Let's Encrypt production: the default.</summary>
    public const string LetsEncryptProductionDirectory = "https://acme-v02.api.letsencrypt.org/directory";

    /// <summary>Let's Encrypt staging: untrusted certificates, generous rate limits; use it while trying a setup out.</summary>
    public const string LetsEncryptStagingDirectory = "https://acme-staging-v02.api.letsencrypt.org/directory";

    /// <summary>When false, no order is ever placed: stored certificates and the self-signed fallback are served as they are.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The ACME directory URL of the CA (Let's Encrypt, ZeroSSL, step-ca, pebble...).</summary>
    public Uri DirectoryUrl { get; set; } = new(LetsEncryptProductionDirectory);

    /// <summary>Contact e-mail registered with the account (optional for most CAs; expiry notices go there).</summary>
    public string? Email { get; set; }

    /// <summary>Must be true: registering an account means agreeing to the CA's terms of service.</summary>
    public bool TermsOfServiceAgreed { get; set; }

    /// <summary>
    /// Challenge types in order of preference: <c>http-01</c>, <c>tls-alpn-01</c>. When a challenge of one type fails, the
    /// next type is tried with a new order. Empty means the default: http-01, then tls-alpn-01.
    /// </summary>
    public List<string> ChallengeTypes { get; set; } = [];

    /// <summary>Key type of issued certificates (a new key for every certificate; the account key is separate).</summary>
    public CertificateKeyType KeyType { get; set; } = CertificateKeyType.EcdsaP256;

    /// <summary>Renew when this much lifetime remains or less (capped at half the lifetime for short-lived certificates).</summary>
    public TimeSpan RenewBeforeExpiry { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Renew when this fraction of the lifetime remains, whichever comes first with <see cref="RenewBeforeExpiry"/>.</summary>
    public double RenewWhenLifetimeFractionRemains { get; set; } = 1.0 / 3;

    /// <summary>First retry delay after a failed order; doubles per failure (jittered) up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The renewal service looks at every certificate at least this often.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// PEM file with the root certificate(s) to trust for the CA's own HTTPS endpoint, for private CAs (step-ca, pebble).
    /// When set, only these roots are trusted for ACME requests; when empty, the system's trust store is used.
    /// </summary>
    public string? TrustedRootsPath { get; set; }

    /// <summary>External account binding key identifier (RFC 8555 §7.3.4), for CAs that require one (ZeroSSL, Google).</summary>
    public string? ExternalAccountKeyId { get; set; }

    /// <summary>External account binding MAC key, base64url as the CA hands it out. A secret: keep it out of committed files.</summary>
    public string? ExternalAccountHmacKey { get; set; }

    /// <summary>Where the account key and certificates live (created with mode 0700; files 0600).</summary>
    public string DataDirectory { get; set; } = ".edgecdn/acme";

    /// <summary>Certificates to obtain at start, one per name set (the edge registers its distributions' names at run time too).</summary>
    public List<AcmeCertificateOptions> Certificates { get; set; } = [];

    internal IReadOnlyList<string> EffectiveChallengeTypes =>
        ChallengeTypes.Count > 0 ? ChallengeTypes : [Challenges.ChallengeTypes.Http01, Challenges.ChallengeTypes.TlsAlpn01];
}

/// <summary>One certificate: its subject alternative names (the first one is also the subject's common name).</summary>
public sealed class AcmeCertificateOptions
{
    public List<string> Names { get; set; } = [];
}

public enum CertificateKeyType
{
    /// <summary>ECDSA on P-256 (secp256r1): small, fast handshakes. The default.</summary>
    EcdsaP256,

    /// <summary>RSA 2048: for clients that cannot do ECDSA.</summary>
    Rsa2048,
}
