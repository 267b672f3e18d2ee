using System.Diagnostics.Metrics;

namespace EdgeCdn.Acme;

/// <summary>The project's one Meter: what the ACME client and the renewal service did.</summary>
internal sealed class AcmeMetrics
{
    public const string MeterName = "EdgeCdn.Acme";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _badNonceRetries;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _issued;
    private readonly Counter<long> _failures;

    public AcmeMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _requests = Meter.CreateCounter<long>("edgecdn.acme.requests", description: "Signed requests sent to the ACME CA.");
        _badNonceRetries = Meter.CreateCounter<long>("edgecdn.acme.bad_nonce_retries", description: "Requests resent after a badNonce error.");
        _rateLimited = Meter.CreateCounter<long>("edgecdn.acme.rate_limited", description: "rateLimited answers from the CA.");
        _issued = Meter.CreateCounter<long>("edgecdn.acme.certificates_issued", description: "Certificates obtained and installed.");
        _failures = Meter.CreateCounter<long>("edgecdn.acme.order_failures", description: "Orders that ended without a certificate.");
    }

    public Meter Meter { get; }

    public void Request() => _requests.Add(1);

    public void BadNonceRetry() => _badNonceRetries.Add(1);

    public void RateLimited() => _rateLimited.Add(1);

    public void Issued() => _issued.Add(1);

    public void OrderFailed() => _failures.Add(1);
}
