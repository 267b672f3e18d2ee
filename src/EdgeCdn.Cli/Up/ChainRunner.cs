using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EdgeCdn.Core.S3;
using Spectre.Console;

namespace EdgeCdn.Cli.Up;

/// <summary>
/// `edgecdn up`: the origin and N edge nodes as separate processes on loopback, each with its own listener, cache
/// and data; a private demo bucket and a distribution whose edges sign their origin requests. Runs until
/// cancelled (Ctrl-C), then stops the edges and the origin cleanly. A second run reuses the data directory.
/// </summary>
internal sealed class ChainRunner(UpOptions options, TextWriter output, TextWriter error)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(data);
        if (ChainState.TryLoad(data) is { } running && IsAlive(running.CliProcessId) && running.CliProcessId != Environment.ProcessId)
        {
            error.WriteLine($"Another `edgecdn up` (pid {running.CliProcessId}) is running on {data}; stop it first or use --data-dir.");
            return 2;
        }

        var portProblems = BusyPorts().ToList();
        if (portProblems.Count > 0)
        {
            foreach (var problem in portProblems)
            {
                error.WriteLine(problem);
            }

            return 2;
        }

        var credentials = ChainCredentials.LoadOrCreate(data, out var created);
        var hosts = AppContext.BaseDirectory;
        var children = new List<ChildHost>();
        try
        {
            var origin = ChildHost.Start("origin", Path.Combine(hosts, "EdgeCdn.Origin.Host.dll"),
                ["--urls", $"http://{options.ListenAddress}:{options.OriginPort}", "--data-dir", Path.Combine(data, "origin"), "--region", options.Region],
                new Dictionary<string, string>
                {
                    ["EDGECDN_ACCESS_KEY"] = credentials.AccessKey,
                    ["EDGECDN_SECRET_KEY"] = credentials.SecretKey,
                    // The distribution's service identity (kind "service", bound to its ARN by the origin's configuration).
                    ["EDGECDN_Origin__Users__0__Name"] = "cloudfront-" + options.DistributionId,
                    ["EDGECDN_Origin__Users__0__Kind"] = "service",
                    ["EDGECDN_Origin__Users__0__DistributionId"] = options.DistributionId,
                    ["EDGECDN_Origin__Users__0__AccessKey"] = credentials.ServiceAccessKey!,
                    ["EDGECDN_Origin__Users__0__SecretKey"] = credentials.ServiceSecretKey!,
                },
                Path.Combine(data, "logs", "origin.log"));
            children.Add(origin);
            var originUrl = (await origin.WaitListeningAsync(1, StartTimeout, cancellationToken).ConfigureAwait(false))[0];
            var newBucket = await EnsureDemoBucketAsync(originUrl, credentials, cancellationToken).ConfigureAwait(false);

            // With an ACME directory, edge-1 obtains the --domain certificate into the certificate directory all
            // edges share; the others start once it is there (and pick up its renewals from the same directory).
            var acme = options.AcmeDirectory is not null;
            var edges = new List<EdgeState>();
            for (var i = 0; i < options.Edges; i++)
            {
                var name = $"edge-{i + 1}";
                var configFile = Path.Combine(data, name, "edge.json");
                PrivateFile.WriteAllText(configFile, EdgeNodeConfig.Create(options, i, originUrl, credentials, data, obtainsCertificate: acme && i == 0)
                    .ToJsonString(new() { WriteIndented = true }));
                var urls = $"http://{options.ListenAddress}:{UpOptions.PortFor(options.EdgeHttpPort, i)};https://{options.ListenAddress}:{UpOptions.PortFor(options.EdgeHttpsPort, i)}";
                var edge = ChildHost.Start(name, Path.Combine(hosts, "EdgeCdn.Edge.Host.dll"), ["--urls", urls, "--config", configFile],
                    new Dictionary<string, string>(), Path.Combine(data, "logs", name + ".log"));
                children.Add(edge);
                var listening = await edge.WaitListeningAsync(2, StartTimeout, cancellationToken).ConfigureAwait(false);
                var http = listening.First(u => u.Scheme == Uri.UriSchemeHttp);
                var https = listening.First(u => u.Scheme == Uri.UriSchemeHttps);
                edges.Add(new EdgeState(name, http.ToString().TrimEnd('/'), https.ToString().TrimEnd('/'), edge.ProcessId));
                if (acme && i == 0)
                {
                    output.WriteLine($"{name}: obtaining a certificate for {options.Domain} from {options.AcmeDirectory} ...");
                    output.Flush();
                    await WaitForCertificateAsync(http, credentials.AdminToken, cancellationToken).ConfigureAwait(false);
                }
            }

            var state = new ChainState(originUrl.ToString().TrimEnd('/'), options.Bucket, options.DistributionId, options.Region, options.Domain, edges, Environment.ProcessId, origin.ProcessId);
            state.Save(data);
            PrintSummary(state, origin.ProcessId, credentials, created, newBucket, data);

            var exited = Task.WhenAny(children.Select(c => c.Exited.ContinueWith(_ => c, TaskScheduler.Default)));
            var stop = Task.Delay(Timeout.Infinite, cancellationToken);
            if (await Task.WhenAny(exited, stop).ConfigureAwait(false) == exited)
            {
                var dead = await (await exited.ConfigureAwait(false)).ConfigureAwait(false);
                error.WriteLine($"{dead.Name} stopped unexpectedly; stopping the chain (see {Path.Combine(data, "logs", dead.Name + ".log")}).");
                return 1;
            }

            output.WriteLine("stopping...");
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or AmazonServiceException or HttpRequestException)
        {
            error.WriteLine(e.Message);
            return 1;
        }
        finally
        {
            // Edges first, so no viewer request meets a stopped origin.
            for (var i = children.Count - 1; i >= 0; i--)
            {
                await children[i].DisposeAsync().ConfigureAwait(false);
            }

            ChainState.Delete(data);
        }
    }

    /// <summary>Polls the node's certificate status until the --domain certificate is valid (or the CA's problem
    /// shows up as the last error).</summary>
    private static async Task WaitForCertificateAsync(Uri edge, string adminToken, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        string last = "no status yet";
        while (DateTime.UtcNow < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(edge, "/_edgecdn/certificates"));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            last = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            using var json = System.Text.Json.JsonDocument.Parse(last);
            if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array && json.RootElement.GetArrayLength() > 0 &&
                json.RootElement.EnumerateArray().All(c => c.TryGetProperty("state", out var s) && s.GetString() == "valid"))
            {
                return;
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException("The certificate was not issued within 3 minutes. Last status: " + last);
    }

    private IEnumerable<string> BusyPorts()
    {
        var wanted = new List<(string What, int Port, string Flag)> { ("the origin", options.OriginPort, "--origin-port") };
        for (var i = 0; i < options.Edges; i++)
        {
            wanted.Add(($"edge-{i + 1}", UpOptions.PortFor(options.EdgeHttpPort, i), "--edge-port"));
            wanted.Add(($"edge-{i + 1} (HTTPS)", UpOptions.PortFor(options.EdgeHttpsPort, i), "--edge-https-port"));
        }

        foreach (var (what, port, flag) in wanted.Where(w => w.Port != 0))
        {
            using var probe = new TcpListener(IPAddress.Parse(options.ListenAddress), port);
            string? problem = null;
            try
            {
                probe.Start();
            }
            catch (SocketException)
            {
                problem = $"{options.ListenAddress}:{port} (for {what}) is already in use: stop what uses it, or pass {flag} with another port (0 = any free port).";
            }
            finally
            {
                probe.Stop();
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }
    }

    private async Task<bool> EnsureDemoBucketAsync(Uri originUrl, ChainCredentials credentials, CancellationToken cancellationToken)
    {
        using var s3 = new AmazonS3Client(new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey), new AmazonS3Config
        {
            ServiceURL = originUrl.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = options.Region,
        });
        var buckets = await s3.ListBucketsAsync(cancellationToken).ConfigureAwait(false);
        var exists = (buckets.Buckets ?? []).Any(b => b.BucketName == options.Bucket);
        if (!exists)
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = options.Bucket }, cancellationToken).ConfigureAwait(false);
        }

        // Origin access control, as CloudFront's console writes it: only this distribution (its service principal
        // with aws:SourceArn = the distribution's ARN) may read; listing too, so a missing object is a 404.
        var arn = OriginAccessControl.DistributionArn(OriginAccessControl.DefaultAccountId, options.DistributionId);
        await s3.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = options.Bucket,
            Policy = OriginAccessControl.ReadOnlyBucketPolicy(options.Bucket, arn, allowList: true),
        }, cancellationToken).ConfigureAwait(false);
        if (exists)
        {
            return false;
        }

        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.Bucket,
            Key = "index.html",
            ContentType = "text/html; charset=utf-8",
            ContentBody = DemoPage,
            Headers = { CacheControl = "no-cache" },
        }, cancellationToken).ConfigureAwait(false);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.Bucket,
            Key = "hello.txt",
            ContentType = "text/plain; charset=utf-8",
            ContentBody = "Hello from a private bucket, through the edge.\n",
            Headers = { CacheControl = "public, max-age=60" },
        }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private void PrintSummary(ChainState state, int originPid, ChainCredentials credentials, bool created, bool newBucket, string data)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = output == Console.Out ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = output == Console.Out ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        var table = new Table().Border(TableBorder.Simple).AddColumns("node", "listens on", "pid", "what it is");
        table.AddRow("origin", state.OriginUrl, originPid.ToString(CultureInfo.InvariantCulture), Markup.Escape($"S3 API; private bucket '{state.Bucket}'"));
        foreach (var edge in state.Edges)
        {
            table.AddRow(edge.Name, edge.HttpUrl + "\n" + edge.HttpsUrl, edge.ProcessId.ToString(CultureInfo.InvariantCulture),
                Markup.Escape($"edge of distribution '{state.DistributionId}': own cache; signs origin requests as the distribution (origin access control)"));
        }

        console.Write(table);
        var first = state.Edges.Count > 0 ? state.Edges[0].HttpUrl : state.OriginUrl;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"data: {data}{(newBucket ? $" (bucket '{state.Bucket}' created with index.html and hello.txt)" : string.Empty)}");
        text.AppendLine(options.AcmeDirectory is not null
            ? $"HTTPS: a certificate for {options.Domain} from {options.AcmeDirectory}, shared by every edge (stored in {Path.Combine(data, "acme")})."
            : $"HTTPS: a locally generated self-signed certificate (no ACME directory given; browsers and curl need -k). Use --domain <name> --acme-directory <url> for a real one.");
        if (created)
        {
            text.AppendLine("Generated credentials (shown only this once; kept in " + Path.Combine(data, ChainCredentials.FileName) + ", mode 0600):");
            text.AppendLine(CultureInfo.InvariantCulture, $"  export AWS_ACCESS_KEY_ID={credentials.AccessKey} AWS_SECRET_ACCESS_KEY={credentials.SecretKey} AWS_DEFAULT_REGION={state.Region}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  export EDGECDN_ADMIN_TOKEN={credentials.AdminToken}");
        }
        else
        {
            text.AppendLine("Credentials: reused from " + Path.Combine(data, ChainCredentials.FileName) + "; load them with:");
            text.AppendLine("  eval \"$(dotnet run --project src/EdgeCdn.Cli -- env)\"");
        }

        text.AppendLine("Try:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  curl -i {first}/hello.txt                      # X-Cache: Miss, then Hit");
        if (state.Edges.Count > 0 && state.Edges[0].HttpsUrl is { } https)
        {
            var port = new Uri(https).Port;
            text.AppendLine(options.Domain is { } domain
                ? string.Create(CultureInfo.InvariantCulture, $"  curl -i {(options.AcmeDirectory is null ? "-k " : string.Empty)}--resolve {domain}:{port}:{options.ListenAddress} https://{domain}:{port}/hello.txt")
                : $"  curl -ik {https}/hello.txt");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  curl -i {state.OriginUrl}/{state.Bucket}/hello.txt             # 403 AccessDenied: the bucket is private");
        text.AppendLine(CultureInfo.InvariantCulture, $"  aws --endpoint-url {state.OriginUrl} s3 ls s3://{state.Bucket}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  aws --endpoint-url {state.OriginUrl} s3 cp ./photo.jpg s3://{state.Bucket}/photo.jpg");
        text.AppendLine(CultureInfo.InvariantCulture, $"  dotnet run --project src/EdgeCdn.Cli -- deploy ./dist --bucket {state.Bucket}   # a static site / React build, invalidated on every edge");
        text.AppendLine(CultureInfo.InvariantCulture, $"  dotnet run --project src/EdgeCdn.Cli -- bench {first}/hello.txt                 # hit latency, measured");
        text.AppendLine("Ctrl-C stops everything.");
        output.Write(text.ToString());
        output.Flush();
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited &&
                   (process.ProcessName.Contains("dotnet", StringComparison.OrdinalIgnoreCase) || process.ProcessName.Contains("edgecdn", StringComparison.OrdinalIgnoreCase));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private const string DemoPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>EdgeCdn demo</title></head>
        <body style="font-family: system-ui, sans-serif; margin: 2rem">
        <h1>It works.</h1>
        <p>This page lives in a private bucket of the EdgeCdn origin. You are reading it through an edge node, which
        fetched it with a SigV4-signed request and cached it. Look at the <code>X-Cache</code> and
        <code>Server-Timing</code> response headers.</p>
        </body></html>
        """;
}
