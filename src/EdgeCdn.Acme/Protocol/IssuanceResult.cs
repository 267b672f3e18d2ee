using EdgeCdn.Acme.Storage;

namespace EdgeCdn.Acme.Protocol;

/// <summary>How an order ended: a certificate, or why not (with the CA's problem document when it gave one).</summary>
internal sealed class IssuanceResult
{
    private IssuanceResult(StoredCertificate? certificate, string? challengeType, string? error, AcmeProblem? problem, DateTimeOffset? retryAt)
    {
        Certificate = certificate;
        ChallengeType = challengeType;
        Error = error;
        Problem = problem;
        RetryAt = retryAt;
    }

    public StoredCertificate? Certificate { get; }

    /// <summary>The challenge type that proved the names (null when the CA reused earlier authorizations).</summary>
    public string? ChallengeType { get; }

    public string? Error { get; }

    public AcmeProblem? Problem { get; }

    /// <summary>Not before this time (the CA's Retry-After on rateLimited), when set.</summary>
    public DateTimeOffset? RetryAt { get; }

    public bool Succeeded => Certificate is not null;

    public static IssuanceResult Success(StoredCertificate certificate, string? challengeType) => new(certificate, challengeType, null, null, null);

    public static IssuanceResult Failure(string error, AcmeProblem? problem = null, DateTimeOffset? retryAt = null) =>
        new(null, null, error, problem, retryAt);

    public override string ToString() => Succeeded ? Certificate!.ToString() : Error!;
}
