namespace EdgeCdn.Acme.Protocol;

/// <summary>
/// The CA refused a request (an error response with its problem document). Used to unwind the order flow; the issuer
/// turns it into a failed <see cref="IssuanceResult"/> so that callers see a value, not an exception.
/// </summary>
internal sealed class AcmeProtocolException : Exception
{
    public AcmeProtocolException(AcmeProblem problem, int httpStatus, DateTimeOffset? retryAt = null)
        : base(problem.ToString())
    {
        Problem = problem;
        HttpStatus = httpStatus;
        RetryAt = retryAt;
    }

    public AcmeProblem Problem { get; }

    public int HttpStatus { get; }

    /// <summary>When the CA said (Retry-After) or the client decided that trying again makes sense.</summary>
    public DateTimeOffset? RetryAt { get; }
}
