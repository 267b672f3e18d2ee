using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace EdgeCdn.Cli.Bench;

/// <summary>
/// Drives the load: <see cref="BenchOptions.Concurrency"/> workers, each sending one request at a time and
/// reading the whole body, until the duration or request count is reached. With a comparison target every
/// path is requested from both targets back to back (alternating which goes first), so both see the same
/// conditions. Each worker records into its own histograms; they are merged at the end.
/// </summary>
internal static class BenchRunner
{
    public static async Task<BenchResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        if (options.Paths.Count == 0)
        {
            throw new ArgumentException("No paths to request.", nameof(options));
        }

        Uri[] targets = options.Compare is null ? [options.Target] : [options.Target, options.Compare];
        var clients = targets.Select(_ => CreateClient(options)).ToArray();
        var sampler = options.ZipfAlpha is { } alpha ? new ZipfSampler(options.Paths.Count, alpha) : null;
        var startedAt = DateTimeOffset.UtcNow;
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var deadline = options.Duration is { } d ? measureFrom + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var shared = new SharedCounters();

        var workers = new Task<TargetResult[]>[options.Concurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            var worker = w;
            workers[w] = Task.Run(() => WorkerAsync(worker, options, targets, clients, sampler, measureFrom, deadline, shared, cancellationToken), cancellationToken);
        }

        var perWorker = await Task.WhenAll(workers).ConfigureAwait(false);
        var end = Stopwatch.GetTimestamp();
        foreach (var client in clients)
        {
            client.Dispose();
        }

        var merged = targets.Select((t, i) => new TargetResult(i == 0 ? "A" : "B", t)).ToArray();
        foreach (var results in perWorker)
        {
            for (var t = 0; t < merged.Length; t++)
            {
                merged[t].Add(results[t]);
            }
        }

        var measured = Stopwatch.GetElapsedTime(Math.Min(measureFrom, end), Math.Min(end, deadline));
        return new BenchResult(options, startedAt, measured, merged);
    }

    private static async Task<TargetResult[]> WorkerAsync(
        int worker, BenchOptions options, Uri[] targets, HttpClient[] clients, ZipfSampler? sampler, long measureFrom, long deadline,
        SharedCounters shared, CancellationToken cancellationToken)
    {
        var results = targets.Select((t, i) => new TargetResult(i == 0 ? "A" : "B", t)).ToArray();
        var random = new Random(options.Seed * 7919 + worker);
        var buffer = new byte[64 * 1024];
        long iteration = 0;
        while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
        {
            if (options.Requests is { } limit && Interlocked.Increment(ref shared.Issued) > limit)
            {
                break;
            }

            var pathIndex = sampler?.Next(random) ?? (int)((Interlocked.Increment(ref shared.RoundRobin) - 1) % options.Paths.Count);
            var path = options.Paths[pathIndex];
            if (options.UniqueQuery)
            {
                path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"edgecdn-bench={options.Seed}-{worker}-{iteration}";
            }

            for (var k = 0; k < targets.Length; k++)
            {
                var t = (int)((k + iteration) % targets.Length);
                await SendAsync(options, clients[t], targets[t], path, results[t], buffer, measureFrom, cancellationToken).ConfigureAwait(false);
            }

            iteration++;
        }

        return results;
    }

    private static async Task SendAsync(
        BenchOptions options, HttpClient client, Uri target, string path, TargetResult result, byte[] buffer, long measureFrom,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(target, path));
        if (options.Http2)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        else if (options.NewConnections)
        {
            request.Headers.ConnectionClose = true;
        }

        foreach (var (name, value) in options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var sent = Stopwatch.GetTimestamp();
        long firstByte;
        long bytes = 0;
        CacheResult cacheResult;
        int status;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            firstByte = Stopwatch.GetTimestamp();
            await using (var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false))
            {
                int n;
                while ((n = await body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    bytes += n;
                }
            }

            status = (int)response.StatusCode;
            cacheResult = CacheResultClassifier.Classify(
                response.Headers.TryGetValues("X-Cache", out var xCache) ? xCache.FirstOrDefault() : null,
                response.Headers.TryGetValues("Server-Timing", out var timing) ? string.Join(',', timing) : null,
                status);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            if (sent >= measureFrom)
            {
                result.TransportErrors++;
                result.LastError = e.Message;
            }

            return;
        }

        var done = Stopwatch.GetTimestamp();
        if (sent < measureFrom)
        {
            return; // warm-up
        }

        var latency = (long)Stopwatch.GetElapsedTime(sent, done).TotalMicroseconds;
        result.Latency[(int)cacheResult].Record(latency);
        result.FirstByte[(int)cacheResult].Record((long)Stopwatch.GetElapsedTime(sent, firstByte).TotalMicroseconds);
        result.Bytes += bytes;
        result.StatusCodes[status] = result.StatusCodes.GetValueOrDefault(status) + 1;
        var second = (int)(Stopwatch.GetElapsedTime(measureFrom, done).TotalSeconds);
        result.SecondAt(second).Record(cacheResult, latency, bytes);
    }

    private static HttpClient CreateClient(BenchOptions options)
    {
        X509Certificate2? ca = options.CaCertificateFile is { } file ? X509CertificateLoader.LoadCertificateFromFile(file) : null;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Http2 ? 1 : options.Concurrency,
            EnableMultipleHttp2Connections = true,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (options.Insecure || ca is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    options.Insecure || errors == SslPolicyErrors.None || (certificate is not null && ChainsTo(certificate, ca!)),
            };
        }

        if (options.ConnectTo is { } address)
        {
            handler.ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Parse(address), context.DnsEndPoint.Port, token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static bool ChainsTo(X509Certificate certificate, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private sealed class SharedCounters
    {
        public long Issued;

        public long RoundRobin;
    }
}
