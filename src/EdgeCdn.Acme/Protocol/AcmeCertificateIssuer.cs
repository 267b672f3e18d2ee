using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeCdn.Acme.Challenges;
using EdgeCdn.Acme.Storage;
using EdgeCdn.Acme.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Acme.Protocol;

/// <summary>
/// One certificate, start to end (RFC 8555 §7.4): newOrder for the names; for each pending authorization the first
/// configured challenge type the CA offers, presented (http-01 token or tls-alpn-01 certificate) before the CA is told
/// to validate; authorizations and the order polled (Retry-After, else our backoff) through pending, ready, processing,
/// valid; finalize with a CSR for a new key; the full chain downloaded. When a challenge fails and another challenge type
/// is configured, a new order is tried with the next type. Failures are values carrying the CA's problem document.
/// </summary>
internal sealed partial class AcmeCertificateIssuer
{
    private readonly AcmeClient _client;
    private readonly ChallengeResponseStore _challenges;
    private readonly AcmeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AcmeCertificateIssuer> _logger;

    public AcmeCertificateIssuer(AcmeClient client, ChallengeResponseStore challenges, IOptions<AcmeOptions> options, TimeProvider time, ILogger<AcmeCertificateIssuer> logger)
    {
        _client = client;
        _challenges = challenges;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Polls per resource before giving up (with the delays capped at <see cref="MaxPollDelay"/>: a few minutes).</summary>
    internal int MaxPolls { get; set; } = 90;

    internal TimeSpan MaxPollDelay { get; set; } = TimeSpan.FromSeconds(5);

    public async Task<IssuanceResult> IssueAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return IssuanceResult.Failure("No names to order a certificate for.");
        }

        foreach (var name in names)
        {
            if (DnsNames.IsWildcard(name))
            {
                return IssuanceResult.Failure($"'{name}' {DnsNames.WildcardNeedsDns01}.");
            }

            if (DnsNames.Check(name) is { } problem)
            {
                return IssuanceResult.Failure($"'{name}' {problem}.");
            }
        }

        var types = _options.EffectiveChallengeTypes;
        var first = 0;
        while (true)
        {
            var (result, failedType) = await OrderAsync(names, types, first, cancellationToken);
            if (result.Succeeded || failedType < 0 || failedType + 1 >= types.Count)
            {
                return result;
            }

            first = failedType + 1;
            Log.FallingBack(_logger, types[failedType], types[first], string.Join(", ", names), result.Error);
        }
    }

    private async Task<(IssuanceResult Result, int FailedType)> OrderAsync(IReadOnlyList<string> names, IReadOnlyList<string> types, int first, CancellationToken cancellationToken)
    {
        var cleanup = new List<Action>();
        try
        {
            var (order, orderUrl) = await _client.NewOrderAsync(names, cancellationToken);
            Log.OrderCreated(_logger, orderUrl, string.Join(", ", names));
            if (order.Status == AcmeStatus.Invalid)
            {
                return (Failed($"The CA created order {orderUrl} already invalid", order.Error), -1);
            }

            // Present every challenge first, then tell the CA; it may validate any of them at once.
            var pending = new List<(string AuthorizationUrl, string Name, AcmeChallengeResource Challenge, int TypeIndex)>();
            foreach (var authorizationUrl in order.Authorizations)
            {
                var authorization = await _client.PostAsync(authorizationUrl, null, AcmeJsonContext.Default.AcmeAuthorizationResource, cancellationToken);
                var name = authorization.Identifier.Value;
                if (authorization.Status == AcmeStatus.Valid)
                {
                    continue;
                }

                if (authorization.Status != AcmeStatus.Pending)
                {
                    return (Failed($"Authorization for {name} is {authorization.Status}", ProblemOf(authorization)), -1);
                }

                if (authorization.Wildcard)
                {
                    return (IssuanceResult.Failure($"'*.{name}' {DnsNames.WildcardNeedsDns01}."), -1);
                }

                var chosen = Choose(authorization, types, first);
                if (chosen is not { } pick)
                {
                    var offered = string.Join(", ", authorization.Challenges.Select(c => c.Type));
                    return (IssuanceResult.Failure($"The CA offers [{offered}] for {name}; this edge answers [{string.Join(", ", types.Skip(first))}]."), -1);
                }

                cleanup.Add(Present(name, pick.Challenge));
                pending.Add((authorizationUrl, name, pick.Challenge, pick.TypeIndex));
            }

            foreach (var item in pending)
            {
                await _client.RespondToChallengeAsync(item.Challenge.Url, cancellationToken);
            }

            string? usedType = null;
            foreach (var item in pending)
            {
                var authorization = await PollAsync(item.AuthorizationUrl, AcmeJsonContext.Default.AcmeAuthorizationResource, a => a.Status != AcmeStatus.Pending, cancellationToken);
                if (authorization?.Status != AcmeStatus.Valid)
                {
                    var problem = authorization?.Challenges.FirstOrDefault(c => c.Url == item.Challenge.Url)?.Error ?? (authorization is null ? null : ProblemOf(authorization));
                    var error = authorization is null
                        ? $"{item.Challenge.Type} validation of {item.Name} did not finish in time"
                        : $"{item.Challenge.Type} validation of {item.Name} failed ({authorization.Status})";
                    return (Failed(error, problem), item.TypeIndex);
                }

                usedType = item.Challenge.Type;
                Log.Validated(_logger, item.Name, item.Challenge.Type);
            }

            order = await PollAsync(orderUrl, AcmeJsonContext.Default.AcmeOrderResource, o => o.Status is not (AcmeStatus.Pending or AcmeStatus.Processing), cancellationToken) ?? order;
            if (order.Status != AcmeStatus.Ready && order.Status != AcmeStatus.Valid)
            {
                return (Failed($"Order {orderUrl} is {order.Status} after its authorizations", order.Error), -1);
            }

            var (csr, keyPem) = CreateSigningRequest(names, _options.KeyType);
            if (order.Status == AcmeStatus.Ready)
            {
                order = await _client.FinalizeAsync(order.Finalize, csr, cancellationToken);
                if (order.Status != AcmeStatus.Valid)
                {
                    order = await PollAsync(orderUrl, AcmeJsonContext.Default.AcmeOrderResource, o => o.Status is not (AcmeStatus.Processing or AcmeStatus.Ready or AcmeStatus.Pending), cancellationToken) ?? order;
                }
            }

            if (order.Status != AcmeStatus.Valid || order.Certificate is null)
            {
                return (Failed($"Order {orderUrl} ended {order.Status} without a certificate", order.Error), -1);
            }

            var chain = await _client.DownloadCertificateAsync(order.Certificate, cancellationToken);
            var stored = new StoredCertificate(names, chain, keyPem);
            if (CheckIssued(stored, names) is { } mismatch)
            {
                return (IssuanceResult.Failure(mismatch), -1);
            }

            return (IssuanceResult.Success(stored, usedType), -1);
        }
        catch (AcmeProtocolException ex)
        {
            return (Failed("The CA refused the request", ex.Problem, ex.RetryAt), -1);
        }
        finally
        {
            foreach (var action in cleanup)
            {
                action();
            }
        }
    }

    private static (AcmeChallengeResource Challenge, int TypeIndex)? Choose(AcmeAuthorizationResource authorization, IReadOnlyList<string> types, int first)
    {
        for (var i = first; i < types.Count; i++)
        {
            foreach (var challenge in authorization.Challenges)
            {
                if (challenge.Type == types[i] && challenge.Token is { Length: > 0 } token && IsToken(token))
                {
                    return (challenge, i);
                }
            }
        }

        return null;
    }

    private Action Present(string name, AcmeChallengeResource challenge)
    {
        var keyAuthorization = _client.Key.KeyAuthorization(challenge.Token!);
        switch (challenge.Type)
        {
            case ChallengeTypes.Http01:
                _challenges.AddHttp01(challenge.Token!, keyAuthorization);
                return () => _challenges.RemoveHttp01(challenge.Token!);
            case ChallengeTypes.TlsAlpn01:
                var certificate = TlsAlpn01Certificate.Create(name, keyAuthorization, _time.GetUtcNow());
                try
                {
                    _challenges.AddTlsAlpn01(name, certificate);
                }
                catch
                {
                    // Nothing may stay behind when presenting fails: neither the served challenge nor its key.
                    _challenges.RemoveTlsAlpn01(name);
                    certificate.Dispose();
                    throw;
                }

                return () =>
                {
                    _challenges.RemoveTlsAlpn01(name);
                    certificate.Dispose();
                };
            default:
                throw new InvalidOperationException($"No responder for challenge type {challenge.Type}.");
        }
    }

    private async Task<T?> PollAsync<T>(string url, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, Func<T, bool> done, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 0; attempt < MaxPolls; attempt++)
        {
            var response = await _client.PostAsync(url, null, cancellationToken);
            var resource = AcmeClient.Deserialize(response, type);
            if (done(resource))
            {
                return resource;
            }

            // Pebble sends no Retry-After; Let's Encrypt does on busy orders. Honour it, but never sleep for minutes inline.
            var delay = response.RetryAfter is { } retryAfter
                ? TimeSpan.FromTicks(Math.Min(retryAfter.Ticks, MaxPollDelay.Ticks * 6))
                : Backoff.Delay(attempt, TimeSpan.FromMilliseconds(200), MaxPollDelay, _client.Transport.Random);
            await Task.Delay(delay, _time, cancellationToken);
        }

        return null;
    }

    internal static (byte[] Der, string KeyPem) CreateSigningRequest(IReadOnlyList<string> names, CertificateKeyType keyType)
    {
        var subject = names[0].Length <= 64 ? new X500DistinguishedName("CN=" + names[0]) : new X500DistinguishedName("");
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        if (keyType == CertificateKeyType.Rsa2048)
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(san.Build());
            return (request.CreateSigningRequest(), rsa.ExportPkcs8PrivateKeyPem());
        }

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ecRequest = new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256);
        ecRequest.CertificateExtensions.Add(san.Build());
        return (ecRequest.CreateSigningRequest(), ecdsa.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The chain must start with a leaf for our key that covers every ordered name.</summary>
    private static string? CheckIssued(StoredCertificate stored, IReadOnlyList<string> names)
    {
        try
        {
            using var served = ServedCertificate.FromStored(stored);
            var covered = FileCertificateStore.SubjectAlternativeDnsNames(served.Leaf).Select(DnsNames.Normalize).ToHashSet(StringComparer.Ordinal);
            var missing = names.Where(n => !covered.Contains(n)).ToList();
            return missing.Count == 0 ? null : $"The CA's certificate does not cover {string.Join(", ", missing)}.";
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return $"The CA's certificate chain is unusable ({ex.Message}).";
        }
    }

    private static bool IsToken(string token)
    {
        foreach (var c in token)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static AcmeProblem? ProblemOf(AcmeAuthorizationResource authorization) =>
        authorization.Challenges.FirstOrDefault(c => c.Error is not null)?.Error;

    private IssuanceResult Failed(string error, AcmeProblem? problem, DateTimeOffset? retryAt = null)
    {
        var message = problem is null ? error + "." : $"{error}: {problem}";
        Log.OrderFailed(_logger, message);
        return IssuanceResult.Failure(message, problem, retryAt);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Order {OrderUrl} created for {Names}")]
        public static partial void OrderCreated(ILogger logger, string orderUrl, string names);

        [LoggerMessage(2, LogLevel.Debug, "{Name} validated over {ChallengeType}")]
        public static partial void Validated(ILogger logger, string name, string challengeType);

        [LoggerMessage(3, LogLevel.Warning, "{FailedType} failed for {Names}; trying {NextType} with a new order. ({Error})")]
        public static partial void FallingBack(ILogger logger, string failedType, string nextType, string names, string? error);

        [LoggerMessage(4, LogLevel.Debug, "Order failed: {Error}")]
        public static partial void OrderFailed(ILogger logger, string error);
    }
}
