using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using EdgeCdn.TestCommon;

namespace EdgeCdn.IntegrationTests.Up;

/// <summary>
/// `edgecdn up` run as users run it: the built edgecdn.dll as a child process, in a data directory of the test's,
/// on ports the OS chooses. Ready when it prints its "Ctrl-C stops everything." line; stopped with SIGINT (Ctrl-C).
/// </summary>
public sealed partial class LocalChain : IAsyncDisposable
{
    private LocalChain(ChildProcess process, string dataDirectory, JsonElement state, JsonElement credentials)
    {
        Process = process;
        DataDirectory = dataDirectory;
        OriginUrl = new Uri(state.GetProperty("originUrl").GetString()!);
        EdgeUrls = state.GetProperty("edges").EnumerateArray().Select(e => new Uri(e.GetProperty("httpUrl").GetString()!)).ToList();
        EdgePids = state.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("processId").GetInt32()).ToList();
        OriginPid = state.GetProperty("originProcessId").GetInt32();
        EdgeHttpsUrls = state.GetProperty("edges").EnumerateArray().Select(e => new Uri(e.GetProperty("httpsUrl").GetString()!)).ToList();
        AccessKey = credentials.GetProperty("accessKey").GetString()!;
        SecretKey = credentials.GetProperty("secretKey").GetString()!;
        AdminToken = credentials.GetProperty("adminToken").GetString()!;
    }

    public ChildProcess Process { get; }

    public string DataDirectory { get; }

    public Uri OriginUrl { get; }

    public IReadOnlyList<Uri> EdgeUrls { get; }

    public IReadOnlyList<Uri> EdgeHttpsUrls { get; }

    public IReadOnlyList<int> EdgePids { get; }

    public int OriginPid { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    public string AdminToken { get; }

    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "edgecdn.dll");

    public static Task<LocalChain> StartAsync(string dataDirectory, int edges = 2) => StartAsync(dataDirectory, edges, 0, 0, []);

    /// <param name="edgePort">First edge's HTTP port (0: any free port for each edge).</param>
    /// <param name="edgeHttpsPort">First edge's HTTPS port (0: any).</param>
    public static async Task<LocalChain> StartAsync(string dataDirectory, int edges, int edgePort, int edgeHttpsPort, string[] extra)
    {
        static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = ChildProcess.Start("dotnet", [CliDll, "up", "--data-dir", dataDirectory, "--edges", Text(edges),
            "--origin-port", "0", "--edge-port", Text(edgePort), "--edge-https-port", Text(edgeHttpsPort), .. extra], workingDirectory: dataDirectory);
        try
        {
            await process.WaitForLineAsync(ReadyLine(), TimeSpan.FromMinutes(3));
        }
        catch
        {
            var output = string.Join('\n', process.Output);
            process.Dispose();
            throw new InvalidOperationException("edgecdn up did not get ready:\n" + output);
        }

        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "chain.json")));
        using var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "credentials.json")));
        return new LocalChain(process, dataDirectory, state.RootElement.Clone(), credentials.RootElement.Clone());
    }

    public AmazonS3Client S3() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = OriginUrl.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
    });

    /// <summary>Runs another edgecdn command against this chain (found through its data directory).</summary>
    public async Task<(int Code, string Output)> RunCliAsync(params string[] args)
    {
        using var cli = ChildProcess.Start("dotnet", [CliDll, .. args], new Dictionary<string, string?> { ["EDGECDN_DATA_DIR"] = DataDirectory }, DataDirectory);
        var code = await cli.WaitForExitAsync(TimeSpan.FromMinutes(3));
        await Task.Delay(100); // the last output lines arrive asynchronously
        return (code, string.Join('\n', cli.Output));
    }

    /// <summary>Ctrl-C; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        Process.Interrupt();
        return await Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (OperationCanceledException)
            {
            }
        }

        Process.Dispose();
    }

    [GeneratedRegex("Ctrl-C stops everything")]
    private static partial Regex ReadyLine();
}
