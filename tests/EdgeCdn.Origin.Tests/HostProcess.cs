using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Origin.Tests;

/// <summary>The built EdgeCdn.Origin.Host started with <c>dotnet</c> as a child process (port 0, its own data
/// directory, root credentials from EDGECDN_ACCESS_KEY / EDGECDN_SECRET_KEY), killed by its PID.</summary>
internal sealed partial class HostProcess : IDisposable
{
    public const string AccessKey = "EDGECDNCHILDROOT0001";
    public const string SecretKey = "child/root+secret/0123456789abcdefghijk";

    private HostProcess(ChildProcess process, Uri baseUri)
    {
        Process = process;
        BaseUri = baseUri;
    }

    public ChildProcess Process { get; }

    public Uri BaseUri { get; }

    public static string HostDll
    {
        get
        {
            // tests/EdgeCdn.Origin.Tests/bin/<Configuration>/<tfm>/ → src/EdgeCdn.Origin.Host/bin/<Configuration>/<tfm>/
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var tfm = here.Name;
            var configuration = here.Parent!.Name;
            var root = here.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(root, "src", "EdgeCdn.Origin.Host", "bin", configuration, tfm, "EdgeCdn.Origin.Host.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build EdgeCdn.Origin.Host first.", dll);
        }
    }

    public static async Task<HostProcess> StartAsync(string dataDirectory, IDictionary<string, string?>? environment = null, string? workingDirectory = null, IEnumerable<string>? arguments = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["EDGECDN_ACCESS_KEY"] = AccessKey,
            ["EDGECDN_SECRET_KEY"] = SecretKey,
            ["DOTNET_NOLOGO"] = "1",
            ["Logging__Console__FormatterName"] = "simple",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        var process = ChildProcess.Start("dotnet", [HostDll, "--urls", "http://127.0.0.1:0", "--data-dir", dataDirectory, .. arguments ?? []], env, workingDirectory);
        try
        {
            var match = await process.WaitForLineAsync(ListeningLine(), TimeSpan.FromSeconds(60));
            return new HostProcess(process, new Uri(match.Groups[1].Value));
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public AmazonS3Client Client(string region = "us-east-1") => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = BaseUri.ToString(), ForcePathStyle = true, AuthenticationRegion = region, MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(60),
    });

    /// <summary>SIGKILL, no shutdown of any kind.</summary>
    public void Kill() => Process.Kill();

    public void Dispose() => Process.Dispose();

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
