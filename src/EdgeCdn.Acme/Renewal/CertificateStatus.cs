using EdgeCdn.Acme.Protocol;

namespace EdgeCdn.Acme.Renewal;

/// <summary>One certificate as <c>GET /_edgecdn/certificates</c> shows it.</summary>
/// <param name="Names">The name set.</param>
/// <param name="State">valid, pending (not obtained yet), failing (last attempt failed; an older certificate may still serve), expired, or unmanaged (stored but no longer registered).</param>
/// <param name="Issuer">The issuer's distinguished name of the certificate being served.</param>
/// <param name="NextRenewal">When the next order is due (renewal time, or the retry time after a failure).</param>
/// <param name="LastError">Why the last attempt failed, with the CA's problem type and detail.</param>
public sealed record CertificateStatus(
    IReadOnlyList<string> Names,
    string State,
    string? Issuer,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    DateTimeOffset? NextRenewal,
    DateTimeOffset? LastRenewed,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    AcmeProblem? LastProblem,
    int ConsecutiveFailures);
