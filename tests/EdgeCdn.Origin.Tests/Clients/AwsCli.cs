using System.Diagnostics;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Origin.Tests.Clients;

/// <summary>Runs Debian's aws CLI v2 (/usr/bin/aws, not whatever else is on PATH) against a test origin, with its own
/// HOME and config and the root user's keys in the environment.</summary>
internal sealed class AwsCli : IDisposable
{
    public const string Program = "/usr/bin/aws";
    private readonly Uri _endpoint;

    public AwsCli(Uri endpoint)
    {
        _endpoint = endpoint;
        Work = new TempDirectory("edgecdn-awscli");
        Directory.CreateDirectory(Work.Combine("home"));
        System.IO.File.WriteAllText(Work.Combine("config"), "[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n");
    }

    public TempDirectory Work { get; }

    /// <summary>Writes <paramref name="content"/> to a file in the work directory and returns "file://path" for the CLI.</summary>
    public string File(string name, string content)
    {
        var path = Work.Combine(name);
        System.IO.File.WriteAllText(path, content);
        return "file://" + path;
    }

    /// <summary>Runs the CLI; the exit code, standard output and standard error.</summary>
    public async Task<(int ExitCode, string Output, string Error)> TryRunAsync(params string[] arguments)
    {
        Assert.True(System.IO.File.Exists(Program), $"{Program} is missing: run ./scripts/install-packages.sh awscli (scripts/test.sh does).");
        var info = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Work.Path,
        };
        foreach (var argument in new[] { "--endpoint-url", _endpoint.ToString().TrimEnd('/'), "--no-cli-pager" }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = Work.Combine("home");
        info.Environment["AWS_CONFIG_FILE"] = Work.Combine("config");
        info.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Work.Combine("no-credentials");
        info.Environment["AWS_ACCESS_KEY_ID"] = OriginServer.RootAccessKey;
        info.Environment["AWS_SECRET_ACCESS_KEY"] = OriginServer.RootSecretKey;
        info.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        info.Environment["AWS_PAGER"] = string.Empty;
        info.Environment.Remove("AWS_PROFILE");
        info.Environment.Remove("AWS_SESSION_TOKEN");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"aws {string.Join(' ', arguments)} did not finish");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public async Task<string> RunAsync(params string[] arguments)
    {
        var (exitCode, output, error) = await TryRunAsync(arguments);
        Assert.True(exitCode == 0, $"aws {string.Join(' ', arguments)} exited {exitCode}:\n{output}\n{error}");
        return output;
    }

    public void Dispose() => Work.Dispose();
}
