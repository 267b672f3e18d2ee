using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Acme.Protocol;

/// <summary>
/// HTTP to the ACME CA: the directory, the nonce pool, signed POSTs, and the error paths every request shares:
/// badNonce (resent with the nonce the error carried, RFC 8555 §6.5), rateLimited (Retry-After honoured, our own jittered
/// backoff when the CA gives none), transient 5xx and connection failures. Anything else becomes an
/// <see cref="AcmeProtocolException"/> carrying the CA's problem document.
/// </summary>
internal sealed partial class AcmeTransport : IDisposable
{
    internal const int MaxBadNonceRetries = 20;
    internal const int MaxRateLimitedRetries = 3;
    internal const int MaxTransientRetries = 3;

    /// <summary>A Retry-After longer than this is not waited out inline: the order fails and the renewal schedule takes over.</summary>
    internal static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(30);

    private static readonly MediaTypeHeaderValue JoseJson = new("application/jose+json");

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _directoryUrl;
    private readonly TimeProvider _time;
    private readonly AcmeMetrics _metrics;
    private readonly ILogger<AcmeTransport> _logger;
    private readonly ConcurrentStack<string> _nonces = new();
    private readonly SemaphoreSlim _directoryGate = new(1, 1);
    private AcmeDirectory? _directory;

    public AcmeTransport(IOptions<AcmeOptions> options, TimeProvider time, AcmeMetrics metrics, ILogger<AcmeTransport> logger)
        : this(CreateHttpClient(options.Value), ownsHttp: true, options.Value.DirectoryUrl, time, metrics, logger)
    {
    }

    internal AcmeTransport(HttpClient http, bool ownsHttp, Uri directoryUrl, TimeProvider time, AcmeMetrics metrics, ILogger<AcmeTransport> logger)
    {
        _http = http;
        _ownsHttp = ownsHttp;
        _directoryUrl = directoryUrl;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    public Uri DirectoryUrl => _directoryUrl;

    /// <summary>Random source for jitter; tests replace it to make delays predictable.</summary>
    internal Random Random { get; set; } = Random.Shared;

    public static HttpClient CreateHttpClient(AcmeOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.All,
        };
        if (!string.IsNullOrEmpty(options.TrustedRootsPath))
        {
            // A private CA (step-ca, pebble): trust exactly these roots for the ACME endpoint, nothing from the system store.
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(options.TrustedRootsPath);
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions.CertificateChainPolicy = policy;
        }

        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        // RFC 8555 §6.1: clients MUST send a User-Agent.
        client.DefaultRequestHeaders.UserAgent.ParseAdd("EdgeCdn-Acme/1.0");
        return client;
    }

    public async Task<AcmeDirectory> GetDirectoryAsync(CancellationToken cancellationToken)
    {
        if (_directory is { } cached)
        {
            return cached;
        }

        await _directoryGate.WaitAsync(cancellationToken);
        try
        {
            if (_directory is { } again)
            {
                return again;
            }

            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var response = await _http.GetAsync(_directoryUrl, cancellationToken);
                    var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        var directory = JsonSerializer.Deserialize(body, AcmeJsonContext.Default.AcmeDirectory)!;
                        if (directory.NewNonce.Length == 0 || directory.NewAccount.Length == 0 || directory.NewOrder.Length == 0)
                        {
                            throw new AcmeProtocolException(Synthesized("malformed", $"The directory at {_directoryUrl} lacks newNonce, newAccount or newOrder."), (int)response.StatusCode);
                        }

                        _directory = directory;
                        return directory;
                    }

                    if ((int)response.StatusCode < 500 || attempt >= MaxTransientRetries)
                    {
                        throw new AcmeProtocolException(ProblemFrom(response, body), (int)response.StatusCode);
                    }
                }
                catch (HttpRequestException ex) when (attempt < MaxTransientRetries)
                {
                    Log.Transient(_logger, _directoryUrl.AbsoluteUri, ex.Message, ex);
                }
                catch (HttpRequestException ex)
                {
                    throw Unreachable(_directoryUrl.AbsoluteUri, ex);
                }

                await Task.Delay(Backoff.Delay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), Random), _time, cancellationToken);
            }
        }
        finally
        {
            _directoryGate.Release();
        }
    }

    /// <summary>
    /// A signed POST. <paramref name="payload"/> null means POST-as-GET (RFC 8555 §6.3: empty payload).
    /// <paramref name="kid"/> null means the request is signed with the JWK itself (newAccount).
    /// </summary>
    public async Task<AcmeResponse> PostAsync(string url, AccountKey key, string? kid, byte[]? payload, CancellationToken cancellationToken, string? accept = null)
    {
        var badNonce = 0;
        var rateLimited = 0;
        var transient = 0;
        while (true)
        {
            var nonce = await TakeNonceAsync(cancellationToken);
            var body = Jws.SignEs256(key, url, nonce, kid, payload ?? [], postAsGet: payload is null);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            // Exactly application/jose+json: no charset parameter (pebble answers 415 otherwise).
            request.Content.Headers.ContentType = JoseJson;
            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }

            HttpResponseMessage response;
            try
            {
                _metrics.Request();
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex) when (transient < MaxTransientRetries)
            {
                Log.Transient(_logger, url, ex.Message, ex);
                await Task.Delay(Backoff.Delay(transient++, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), Random), _time, cancellationToken);
                continue;
            }
            catch (HttpRequestException ex)
            {
                throw Unreachable(url, ex);
            }

            using (response)
            {
                KeepNonce(response);
                var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var retryAfter = RetryAfter(response);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return new AcmeResponse(status, response.Headers.Location?.ToString(), retryAfter, responseBody);
                }

                var problem = ProblemFrom(response, responseBody);
                if (problem.Is("badNonce") && badNonce < MaxBadNonceRetries)
                {
                    // The error response carried a fresh nonce (kept above); the next loop signs with it.
                    badNonce++;
                    _metrics.BadNonceRetry();
                    Log.BadNonce(_logger, url, badNonce);
                    continue;
                }

                if (problem.Is("rateLimited") || response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    _metrics.RateLimited();
                    var wait = retryAfter ?? Backoff.Delay(rateLimited, TimeSpan.FromSeconds(2), MaxInlineWait, Random);
                    if (wait <= MaxInlineWait && rateLimited < MaxRateLimitedRetries)
                    {
                        rateLimited++;
                        Log.RateLimitedWaiting(_logger, url, wait, problem.Detail);
                        await Task.Delay(wait, _time, cancellationToken);
                        continue;
                    }

                    throw new AcmeProtocolException(problem, status, _time.GetUtcNow() + wait);
                }

                if (status >= 500 && transient < MaxTransientRetries)
                {
                    Log.Transient(_logger, url, problem.ToString(), null);
                    var backoff = Backoff.Delay(transient++, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), Random);
                    await Task.Delay(retryAfter is { } serverWait && serverWait < MaxInlineWait ? serverWait : backoff, _time, cancellationToken);
                    continue;
                }

                throw new AcmeProtocolException(problem, status, retryAfter is { } r ? _time.GetUtcNow() + r : null);
            }
        }
    }

    public void Dispose()
    {
        _directoryGate.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<string> TakeNonceAsync(CancellationToken cancellationToken)
    {
        if (_nonces.TryPop(out var nonce))
        {
            return nonce;
        }

        var directory = await GetDirectoryAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Head, directory.NewNonce);
                using var response = await _http.SendAsync(request, cancellationToken);
                if (response.Headers.TryGetValues("Replay-Nonce", out var values) && values.FirstOrDefault() is { Length: > 0 } fresh)
                {
                    return fresh;
                }

                if (attempt >= MaxTransientRetries)
                {
                    throw new AcmeProtocolException(Synthesized("badNonce", $"newNonce ({directory.NewNonce}) answered {(int)response.StatusCode} without a Replay-Nonce."), (int)response.StatusCode);
                }
            }
            catch (HttpRequestException ex) when (attempt < MaxTransientRetries)
            {
                Log.Transient(_logger, directory.NewNonce, ex.Message, ex);
            }
            catch (HttpRequestException ex)
            {
                throw Unreachable(directory.NewNonce, ex);
            }

            await Task.Delay(Backoff.Delay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), Random), _time, cancellationToken);
        }
    }

    private void KeepNonce(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Replay-Nonce", out var values) && values.FirstOrDefault() is { Length: > 0 } nonce)
        {
            // Nonces expire at the CA, so a deep pool only holds stale ones; the newest is used first (LIFO).
            if (_nonces.Count >= 16)
            {
                _nonces.Clear();
            }

            _nonces.Push(nonce);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    internal static AcmeProblem ProblemFrom(HttpResponseMessage response, byte[] body)
    {
        if (body.Length > 0)
        {
            try
            {
                var problem = JsonSerializer.Deserialize(body, AcmeJsonContext.Default.AcmeProblem);
                if (problem is not null && problem.Type != "about:blank")
                {
                    return problem;
                }
            }
            catch (JsonException)
            {
                // Not a problem document (a proxy's HTML error page, say): described below from the status line.
            }
        }

        var type = response.StatusCode == HttpStatusCode.TooManyRequests ? "rateLimited" : "serverInternal";
        return Synthesized(type, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {response.RequestMessage?.RequestUri} without a problem document.");
    }

    private static AcmeProblem Synthesized(string type, string detail) => new() { Type = AcmeProblem.ErrorNamespace + type, Detail = detail };

    private static AcmeProtocolException Unreachable(string url, HttpRequestException ex) =>
        new(Synthesized("connection", $"Cannot reach the CA at {url}: {ex.Message}"), 0);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "badNonce from {Url}: resending with the fresh nonce (retry {Retry})")]
        public static partial void BadNonce(ILogger logger, string url, int retry);

        [LoggerMessage(2, LogLevel.Warning, "rateLimited by the CA at {Url}: waiting {Wait} before retrying ({Detail})")]
        public static partial void RateLimitedWaiting(ILogger logger, string url, TimeSpan wait, string? detail);

        [LoggerMessage(3, LogLevel.Warning, "Transient failure talking to the CA at {Url}: {Reason}; retrying")]
        public static partial void Transient(ILogger logger, string url, string reason, Exception? exception);
    }
}
