using System.CommandLine;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EdgeCdn.Cli.Bench;
using EdgeCdn.Core.Signing;

namespace EdgeCdn.Cli.Commands;

/// <summary>
/// `edgecdn bench URL`: latency percentiles and throughput split by cache result, for a single URL, a list, or a
/// Zipf mix over a bucket's keys; HTTP/1.1 or HTTP/2; keep-alive or a new connection per request; optionally
/// against a second target in the same run. Prints a table and writes JSON and a self-contained HTML report.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var urls = new Argument<string[]>("url") { Description = "URL(s) to request; all on one host. With --keys-* the first URL is the base the keys are appended to.", Arity = ArgumentArity.OneOrMore };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 16 };
        var duration = new Option<string>("--duration", "-d") { Description = "How long to measure (e.g. 10s, 2m, 500ms).", DefaultValueFactory = _ => "10s" };
        var requests = new Option<long?>("--requests", "-n") { Description = "Stop after this many requests instead of after a duration." };
        var warmup = new Option<string>("--warmup") { Description = "Unmeasured warm-up before measuring (e.g. 2s).", DefaultValueFactory = _ => "0s" };
        var urlsFile = new Option<FileInfo?>("--urls-file") { Description = "A file of URLs or /paths, one per line." };
        var keysFile = new Option<FileInfo?>("--keys-file") { Description = "A file of object keys, one per line, requested under the base URL." };
        var keysFrom = new Option<string?>("--keys-from") { Description = "List the keys of s3://bucket[/prefix] (at --endpoint-url, credentials from EDGECDN_/AWS_ variables)." };
        var endpoint = new Option<string>("--endpoint-url") { Description = "S3 endpoint for --keys-from.", DefaultValueFactory = _ => CliCredentials.DefaultOriginUrl };
        var zipf = new Option<double?>("--zipf") { Description = "Draw paths from a Zipf distribution with this exponent (e.g. 0.9) instead of round-robin." };
        var seed = new Option<int>("--seed") { Description = "Random seed for the Zipf mix.", DefaultValueFactory = _ => 1 };
        var http2 = new Option<bool>("--http2") { Description = "Use HTTP/2 (h2 over TLS, h2c prior knowledge over plain HTTP)." };
        var newConnections = new Option<bool>("--new-connections") { Description = "A new connection (and TLS handshake) for every request." };
        var unique = new Option<bool>("--unique") { Description = "Add a unique query parameter to every request so that every one is a cache miss." };
        var compare = new Option<string?>("--compare") { Description = "A second target (scheme://host:port) measured in the same run, requests interleaved; prints B/A ratios." };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Do not verify TLS certificates." };
        var cacert = new Option<FileInfo?>("--cacert") { Description = "Trust this CA certificate (PEM) for TLS." };
        var connectTo = new Option<string?>("--connect-to") { Description = "Connect to this IP address whatever the host name resolves to (keeps SNI and Host)." };
        var headers = new Option<string[]>("--header", "-H") { Description = "Extra request header, \"Name: value\" (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<FileInfo?>("--json") { Description = "Where to write the JSON result (default: bench-results/bench-<time>.json)." };
        var html = new Option<FileInfo?>("--html") { Description = "Where to write the HTML report (default: bench-results/bench-<time>.html)." };

        var command = new Command("bench", "Measure latency and throughput through a CDN, split by cache result (hit, miss, refresh, stale).")
        {
            urls, concurrency, duration, requests, warmup, urlsFile, keysFile, keysFrom, endpoint, zipf, seed, http2, newConnections, unique,
            compare, insecure, cacert, connectTo, headers, json, html,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var given = parse.GetValue(urls)!.Select(u => new Uri(u, UriKind.Absolute)).ToList();
                var target = new Uri(given[0].GetLeftPart(UriPartial.Authority) + "/");
                if (given.Any(u => !string.Equals(u.GetLeftPart(UriPartial.Authority), given[0].GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)))
                {
                    error.WriteLine("All URLs must be on one scheme://host:port; use --compare for a second target.");
                    return 2;
                }

                var paths = await CollectPathsAsync(given, parse.GetValue(urlsFile), parse.GetValue(keysFile), parse.GetValue(keysFrom), parse.GetValue(endpoint)!, cancellationToken);
                if (paths.Count == 0)
                {
                    error.WriteLine("Nothing to request: the key list is empty.");
                    return 2;
                }

                var options = new BenchOptions
                {
                    Target = target,
                    Compare = parse.GetValue(compare) is { } c ? new Uri(new Uri(c, UriKind.Absolute).GetLeftPart(UriPartial.Authority) + "/") : null,
                    Paths = paths,
                    ZipfAlpha = parse.GetValue(zipf),
                    Seed = parse.GetValue(seed),
                    Concurrency = Math.Max(1, parse.GetValue(concurrency)),
                    Duration = parse.GetValue(requests) is null ? ParseDuration(parse.GetValue(duration)!) : null,
                    Requests = parse.GetValue(requests),
                    Warmup = ParseDuration(parse.GetValue(warmup)!),
                    Http2 = parse.GetValue(http2),
                    NewConnections = parse.GetValue(newConnections),
                    UniqueQuery = parse.GetValue(unique),
                    Insecure = parse.GetValue(insecure),
                    CaCertificateFile = parse.GetValue(cacert)?.FullName,
                    ConnectTo = parse.GetValue(connectTo),
                    Headers = (parse.GetValue(headers) ?? []).Select(ParseHeader).ToList(),
                };

                var amount = options.Requests is { } n ? FormattableString.Invariant($"{n} requests") : FormattableString.Invariant($"{options.Duration!.Value.TotalSeconds} s");
                var versus = options.Compare is null ? string.Empty : $" vs {options.Compare}";
                error.WriteLine($"benchmarking {options.Target}{versus}: {paths.Count} path(s), concurrency {options.Concurrency}, {amount}");
                var result = await BenchRunner.RunAsync(options, cancellationToken);
                var report = BenchReport.From(result);
                BenchConsoleReport.Write(report, output);

                var stamp = report.StartedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
                var jsonFile = parse.GetValue(json)?.FullName ?? Path.Combine("bench-results", $"bench-{stamp}.json");
                var htmlFile = parse.GetValue(html)?.FullName ?? Path.Combine("bench-results", $"bench-{stamp}.html");
                Write(jsonFile, report.ToJson());
                Write(htmlFile, BenchHtmlReport.Render(report));
                output.WriteLine($"wrote {jsonFile}");
                output.WriteLine($"wrote {htmlFile}");
                return report.Targets.All(t => t.Requests > 0) ? 0 : 1;
            }
            catch (Exception e) when (e is FormatException or UriFormatException or AmazonServiceException or HttpRequestException or IOException)
            {
                error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }

    internal static TimeSpan ParseDuration(string text)
    {
        text = text.Trim();
        static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        return text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(Number(text[..^2])),
            _ when text.EndsWith('s') => TimeSpan.FromSeconds(Number(text[..^1])),
            _ when text.EndsWith('m') => TimeSpan.FromMinutes(Number(text[..^1])),
            _ when text.EndsWith('h') => TimeSpan.FromHours(Number(text[..^1])),
            _ => TimeSpan.FromSeconds(Number(text)),
        };
    }

    private static KeyValuePair<string, string> ParseHeader(string header)
    {
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0
            ? throw new FormatException($"--header must be \"Name: value\", got \"{header}\".")
            : new(header[..colon].Trim(), header[(colon + 1)..].Trim());
    }

    private static async Task<List<string>> CollectPathsAsync(
        List<Uri> urls, FileInfo? urlsFile, FileInfo? keysFile, string? keysFrom, string endpoint, CancellationToken cancellationToken)
    {
        var basePath = urls[0].AbsolutePath.TrimEnd('/');
        var keys = new List<string>();
        if (keysFile is not null)
        {
            keys.AddRange((await File.ReadAllLinesAsync(keysFile.FullName, cancellationToken)).Where(l => l.Length > 0));
        }

        if (keysFrom is not null)
        {
            keys.AddRange(await ListKeysAsync(keysFrom, endpoint, cancellationToken));
        }

        if (keys.Count > 0)
        {
            return keys.Select(k => basePath + "/" + UriEncoding.Encode(k, keepSlash: true)).ToList();
        }

        var paths = urls.Select(u => u.PathAndQuery).ToList();
        if (urlsFile is not null)
        {
            foreach (var line in await File.ReadAllLinesAsync(urlsFile.FullName, cancellationToken))
            {
                var entry = line.Trim();
                if (entry.Length > 0)
                {
                    paths.Add(entry.StartsWith('/') ? entry : new Uri(entry, UriKind.Absolute).PathAndQuery);
                }
            }
        }

        return paths;
    }

    private static async Task<List<string>> ListKeysAsync(string s3Uri, string endpoint, CancellationToken cancellationToken)
    {
        if (!s3Uri.StartsWith("s3://", StringComparison.Ordinal))
        {
            throw new FormatException("--keys-from must be s3://bucket or s3://bucket/prefix.");
        }

        var rest = s3Uri[5..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
        var credential = CliCredentials.FromEnvironment() ?? throw new FormatException(CliCredentials.Missing);
        using var s3 = new AmazonS3Client(new BasicAWSCredentials(credential.AccessKeyId, credential.SecretAccessKey),
            new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1" });
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await s3.ListObjectsV2Async(request, cancellationToken);
            keys.AddRange((response.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return keys;
    }

    private static void Write(string file, string content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(file, content);
    }
}
