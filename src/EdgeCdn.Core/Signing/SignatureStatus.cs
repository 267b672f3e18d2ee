namespace EdgeCdn.Core.Signing;

/// <summary>The outcome of checking a request's signature.</summary>
public enum SignatureStatus
{
    /// <summary>The signature matches and the request is within its time limits.</summary>
    Valid,

    /// <summary>The request carries no signature at all: it is anonymous.</summary>
    Missing,

    /// <summary>The signature data is present but unusable (bad header syntax, wrong scope, missing parameters).</summary>
    Malformed,

    /// <summary>The access key id is not known.</summary>
    UnknownKey,

    /// <summary>A presigned URL whose lifetime has passed.</summary>
    Expired,

    /// <summary>A presigned URL dated in the future beyond the allowed skew.</summary>
    NotYetValid,

    /// <summary>A header-signed request whose date is too far from the server's clock.</summary>
    Skewed,

    /// <summary>Everything parses but the signature computed here differs from the one sent.</summary>
    Mismatch,
}
