using System.Collections.Concurrent;
using EdgeCdn.Acme.Protocol;
using EdgeCdn.Acme.Storage;
using EdgeCdn.Acme.Tls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Acme.Renewal;

/// <summary>
/// Keeps a valid certificate installed for every registered name set: obtains missing ones, renews when the renewal time
/// comes (<see cref="RenewalSchedule"/>), retries failures with jittered exponential backoff (or the CA's Retry-After).
/// A new certificate is stored first and then swapped into the selector: the old one serves until that moment, and
/// connections already open keep theirs. Time comes from <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class CertificateRenewalService : BackgroundService
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    private readonly CertificateRegistry _registry;
    private readonly CertificateSelector _selector;
    private readonly ICertificateStore _store;
    private readonly AcmeCertificateIssuer _issuer;
    private readonly CertificateStatusSource _status;
    private readonly AcmeOptions _options;
    private readonly TimeProvider _time;
    private readonly AcmeMetrics _metrics;
    private readonly ILogger<CertificateRenewalService> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SemaphoreSlim _passGate = new(1, 1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _failedUntil = new(StringComparer.Ordinal);

    public CertificateRenewalService(
        CertificateRegistry registry,
        CertificateSelector selector,
        ICertificateStore store,
        AcmeCertificateIssuer issuer,
        CertificateStatusSource status,
        IOptions<AcmeOptions> options,
        TimeProvider time,
        AcmeMetrics metrics,
        ILogger<CertificateRenewalService> logger)
    {
        _registry = registry;
        _selector = selector;
        _store = store;
        _issuer = issuer;
        _status = status;
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _registry.Changed += Wake;
    }

    internal Random Random { get; set; } = Random.Shared;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Stored certificates serve from the first connection, before (and without) any call to the CA.
        await _selector.EnsureLoadedAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Look at every certificate now (a name set was registered, or a test moved the clock).</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public override void Dispose()
    {
        _registry.Changed -= Wake;
        _wake.Dispose();
        _passGate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            // Without ACME this node serves what is stored; re-reading the store every CheckInterval lets nodes that
            // share a certificate directory pick up what one of them obtained or renewed.
            Log.Disabled(_logger);
            while (!stoppingToken.IsCancellationRequested)
            {
                await WaitAsync(_options.CheckInterval, stoppingToken);
                try
                {
                    await _selector.ReloadAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (IOException ex)
                {
                    Log.PassFailed(_logger, ex);
                }
            }

            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await RunPassAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.PassFailed(_logger, ex);
                wait = _options.RetryMinDelay;
            }

            await WaitAsync(wait, stoppingToken);
        }
    }

    /// <summary>One look at every registered name set; returns how long until the next one is due.</summary>
    internal async Task<TimeSpan> RunPassAsync(CancellationToken cancellationToken)
    {
        await _passGate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            var next = now + _options.CheckInterval;
            foreach (var names in _registry.NameSets)
            {
                var key = DnsNames.SetKey(names);
                var due = DueAt(key, now);
                if (due > now)
                {
                    _status.Scheduled(key, due);
                    next = Min(next, due);
                    continue;
                }

                var current = _selector.Find(key);
                Log.Ordering(_logger, string.Join(", ", names), current is null ? "no certificate yet" : $"renewal due, current one valid until {current.NotAfter:u}");
                var result = await _issuer.IssueAsync(names, cancellationToken);
                now = _time.GetUtcNow();
                next = Min(next, await ApplyAsync(key, names, result, now, cancellationToken));
            }

            var wait = next - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        finally
        {
            _passGate.Release();
        }
    }

    /// <summary>The next time this set needs an order: the renewal time of the served certificate, or a failure's retry time.</summary>
    private DateTimeOffset DueAt(string key, DateTimeOffset now)
    {
        var current = _selector.Find(key);
        var due = current is null
            ? now
            : RenewalSchedule.RenewAt(current.NotBefore, current.NotAfter, _options.RenewBeforeExpiry, _options.RenewWhenLifetimeFractionRemains);
        return _failedUntil.TryGetValue(key, out var retryAt) && retryAt > due ? retryAt : due;
    }

    private async Task<DateTimeOffset> ApplyAsync(string key, IReadOnlyList<string> names, IssuanceResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var label = string.Join(", ", names);
        if (result.Certificate is { } issued)
        {
            ServedCertificate served;
            try
            {
                served = ServedCertificate.FromStored(issued);
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                return Fail(key, label, now, IssuanceResult.Failure($"The issued certificate cannot be served: {ex.Message}"));
            }

            try
            {
                await _store.SaveAsync(issued, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Serve it anyway: losing it at the next restart costs one more order, not serving it costs availability.
                Log.StoreFailed(_logger, label, ex);
            }

            _selector.Install(served);
            _failedUntil.TryRemove(key, out _);
            _metrics.Issued();
            var renewAt = RenewalSchedule.RenewAt(served.NotBefore, served.NotAfter, _options.RenewBeforeExpiry, _options.RenewWhenLifetimeFractionRemains);
            _status.Renewed(key, now, renewAt);
            Log.Installed(_logger, label, served.Issuer, served.NotAfter, renewAt, result.ChallengeType ?? "reused authorizations");
            return renewAt;
        }

        return Fail(key, label, now, result);
    }

    private DateTimeOffset Fail(string key, string label, DateTimeOffset now, IssuanceResult result)
    {
        _metrics.OrderFailed();
        var failures = _status.FailuresOf(key);
        var retryAt = now + Backoff.Delay(failures, _options.RetryMinDelay, _options.RetryMaxDelay, Random);
        if (result.RetryAt is { } caSays && caSays > retryAt)
        {
            retryAt = caSays;
        }

        _failedUntil[key] = retryAt;
        _status.Failed(key, now, result.Error ?? "unknown failure", result.Problem, retryAt);
        var serving = _selector.Find(key);
        Log.Failed(_logger, label, result.Error, retryAt, serving is null ? "nothing (fallback certificate)" : $"the current certificate, valid until {serving.NotAfter:u}");
        return retryAt;
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(wait < MaxWait ? wait : MaxWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await _wake.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Time is up: the next pass.
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "ACME is disabled (Acme:Enabled=false): serving stored and fallback certificates, re-reading the store every check interval")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(2, LogLevel.Information, "Ordering a certificate for {Names}: {Reason}")]
        public static partial void Ordering(ILogger logger, string names, string reason);

        [LoggerMessage(3, LogLevel.Information, "Certificate for {Names} installed: issuer {Issuer}, valid until {NotAfter:u}, renewal at {RenewAt:u} (proved by {ChallengeType})")]
        public static partial void Installed(ILogger logger, string names, string issuer, DateTimeOffset notAfter, DateTimeOffset renewAt, string challengeType);

        [LoggerMessage(4, LogLevel.Warning, "No certificate for {Names}: {Error}. Retrying at {RetryAt:u}; serving {Serving}")]
        public static partial void Failed(ILogger logger, string names, string? error, DateTimeOffset retryAt, string serving);

        [LoggerMessage(5, LogLevel.Error, "Could not store the new certificate for {Names}; it is served from memory only")]
        public static partial void StoreFailed(ILogger logger, string names, Exception exception);

        [LoggerMessage(6, LogLevel.Error, "Renewal pass failed unexpectedly; next pass after the minimum retry delay")]
        public static partial void PassFailed(ILogger logger, Exception exception);
    }
}
