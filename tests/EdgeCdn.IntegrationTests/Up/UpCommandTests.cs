using System.Diagnostics;
using System.Net;
using Amazon.S3.Model;
using EdgeCdn.TestCommon;

namespace EdgeCdn.IntegrationTests.Up;

/// <summary>`edgecdn up` end to end: separate processes, a private bucket, edges that sign, clean stop, reuse.</summary>
public sealed class UpCommandTests
{
    [Fact]
    public async Task Up_TwoEdges_PrivateBucketServedByEachEdgeSeparately_CtrlCStopsAll()
    {
        using var data = new TempDirectory("edgecdn-up");
        await using var chain = await LocalChain.StartAsync(data.Path);
        using var http = new HttpClient();

        using var direct = await http.GetAsync(new Uri(chain.OriginUrl, "/demo/hello.txt"));
        Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);

        Assert.Equal(2, chain.EdgeUrls.Count);
        foreach (var edge in chain.EdgeUrls)
        {
            using var miss = await http.GetAsync(new Uri(edge, "/hello.txt"));
            using var hit = await http.GetAsync(new Uri(edge, "/hello.txt"));
            Assert.Equal(HttpStatusCode.OK, miss.StatusCode);
            Assert.Contains("private bucket", await miss.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // Each edge has its own cache: the first request to each is a miss.
            Assert.StartsWith("Miss", miss.Headers.GetValues("X-Cache").Single(), StringComparison.Ordinal);
            Assert.StartsWith("Hit", hit.Headers.GetValues("X-Cache").Single(), StringComparison.Ordinal);
        }

        using var page = await http.GetAsync(chain.EdgeUrls[0]);
        Assert.Contains("It works.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, new[] { chain.Process.Id }.Concat(chain.EdgePids).Distinct().Count());

        Assert.Equal(0, await chain.StopAsync());
        foreach (var pid in chain.EdgePids)
        {
            Assert.True(IsGone(pid), $"edge process {pid} still runs after Ctrl-C");
        }

        Assert.False(File.Exists(Path.Combine(data.Path, "chain.json")));
    }

    [Fact]
    public async Task Up_KilledOutright_ItsOriginAndEdgesStopToo()
    {
        using var data = new TempDirectory("edgecdn-up-kill");
        await using var chain = await LocalChain.StartAsync(data.Path, edges: 1);
        int[] children = [chain.OriginPid, .. chain.EdgePids];
        Assert.All(children, pid => Assert.False(IsGone(pid), $"child {pid} is not running"));

        // SIGKILL: the CLI runs none of its clean-up; the children notice their stdin pipe close and stop themselves.
        chain.Process.Kill();

        try
        {
            await Eventually.HoldsAsync(() => children.All(IsGone), $"the origin and edge ({string.Join(", ", children)}) to stop after the CLI was killed",
                TimeSpan.FromSeconds(30));
            using var tcp = new System.Net.Sockets.TcpClient();
            await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => tcp.ConnectAsync(chain.OriginUrl.Host, chain.OriginUrl.Port));
        }
        finally
        {
            // Should this fail, the orphans this test made do not outlive it.
            foreach (var pid in children.Where(pid => !IsGone(pid)))
            {
                using var orphan = Process.GetProcessById(pid);
                orphan.Kill();
            }
        }
    }

    [Fact]
    public async Task Up_OriginAccessControl_EdgesSignAsTheDistribution_WhichMayOnlyRead()
    {
        using var data = new TempDirectory("edgecdn-up");
        await using var chain = await LocalChain.StartAsync(data.Path, edges: 1);
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data.Path, "credentials.json")));
        var serviceKey = json.RootElement.GetProperty("serviceAccessKey").GetString()!;
        var serviceSecret = json.RootElement.GetProperty("serviceSecretKey").GetString()!;
        var edgeConfig = await File.ReadAllTextAsync(Path.Combine(data.Path, "edge-1", "edge.json"));
        using var root = chain.S3();
        using var service = new Amazon.S3.AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(serviceKey, serviceSecret), new Amazon.S3.AmazonS3Config
        {
            ServiceURL = chain.OriginUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0,
        });

        var policy = await root.GetBucketPolicyAsync("demo");
        using var read = await service.GetObjectAsync("demo", "hello.txt");
        var write = await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() =>
            service.PutObjectAsync(new PutObjectRequest { BucketName = "demo", Key = "intruder.txt", ContentBody = "x" }));

        Assert.Contains(serviceKey, edgeConfig, StringComparison.Ordinal);
        Assert.DoesNotContain(chain.SecretKey, edgeConfig, StringComparison.Ordinal);
        Assert.Contains("arn:aws:cloudfront::000000000000:distribution/demo", policy.Policy, StringComparison.Ordinal);
        Assert.Contains("cloudfront.amazonaws.com", policy.Policy, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, read.HttpStatusCode);
        Assert.Equal("AccessDenied", write.ErrorCode);
    }

    [Fact]
    public async Task Up_SecondRun_ReusesDataDirectory_ObjectsAndKeysSurvive()
    {
        using var data = new TempDirectory("edgecdn-up");
        string accessKey;
        await using (var first = await LocalChain.StartAsync(data.Path, edges: 1))
        {
            accessKey = first.AccessKey;
            using var s3 = first.S3();
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "demo", Key = "kept.txt", ContentBody = "still here" });
            using (var warm = new HttpClient())
            {
                (await warm.GetAsync(new Uri(first.EdgeUrls[0], "/hello.txt"))).Dispose();
            }

            Assert.Contains("shown only this once", string.Join('\n', first.Process.Output), StringComparison.Ordinal);
            Assert.Equal(0, await first.StopAsync());
        }

        await using var second = await LocalChain.StartAsync(data.Path, edges: 1);
        using var http = new HttpClient();
        using var kept = await http.GetAsync(new Uri(second.EdgeUrls[0], "/kept.txt"));

        Assert.Equal(accessKey, second.AccessKey);
        Assert.Equal("still here", await kept.Content.ReadAsStringAsync());
        // hello.txt was cached by the first run's edge; its disk tier brings it back as a hit after the restart.
        using var cached = await http.GetAsync(new Uri(second.EdgeUrls[0], "/hello.txt"));
        Assert.StartsWith("Hit", cached.Headers.GetValues("X-Cache").Single(), StringComparison.Ordinal);
        var output = string.Join('\n', second.Process.Output);
        Assert.DoesNotContain(second.SecretKey, output, StringComparison.Ordinal);
        Assert.Contains("reused from", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_PrintedAwsCliLines_WorkAgainstTheOrigin()
    {
        using var data = new TempDirectory("edgecdn-up");
        await using var chain = await LocalChain.StartAsync(data.Path, edges: 1);
        var (code, env) = await chain.RunCliAsync("env");
        Assert.Equal(0, code);
        Assert.Contains($"export AWS_ACCESS_KEY_ID={chain.AccessKey}", env, StringComparison.Ordinal);

        using var aws = ChildProcess.Start("/usr/bin/aws", ["--endpoint-url", chain.OriginUrl.ToString(), "s3", "ls", "s3://demo"], new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = chain.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = chain.SecretKey,
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_CONFIG_FILE"] = Path.Combine(data.Path, "aws-config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(data.Path, "aws-credentials"),
            ["HOME"] = data.Path,
        });

        Assert.Equal(0, await aws.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        await Task.Delay(100);
        Assert.Contains(aws.Output, line => line.EndsWith("hello.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Up_PortInUse_ClearErrorNamingTheFlag()
    {
        using var data = new TempDirectory("edgecdn-up");
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        using var cli = ChildProcess.Start("dotnet", [LocalChain.CliDll, "up", "--data-dir", data.Path, "--origin-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var code = await cli.WaitForExitAsync(TimeSpan.FromMinutes(1));
        await Task.Delay(100);

        Assert.Equal(2, code);
        Assert.Contains(cli.Output, l => l.Contains("already in use", StringComparison.Ordinal) && l.Contains("--origin-port", StringComparison.Ordinal));
    }

    private static bool IsGone(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
