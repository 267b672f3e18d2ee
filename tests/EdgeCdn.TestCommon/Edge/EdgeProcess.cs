using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeCdn.TestCommon.Edge;

/// <summary>
/// The real edge host (EdgeCdn.Edge.Host.dll, built with the solution) in a child process started with
/// <c>dotnet</c>, listening on 127.0.0.1 port 0 (the port is read from its "Now listening on" line). For tests
/// that need a process to die: <see cref="KillAsync"/> sends SIGKILL. Disposing kills it if it still runs.
/// </summary>
public sealed partial class EdgeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private EdgeProcess(Process process, Uri baseUri, StringBuilder output)
    {
        _process = process;
        _output = output;
        BaseUri = baseUri;
        Client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseUri { get; }

    public HttpClient Client { get; }

    public int Id => _process.Id;

    /// <summary>What the process wrote to standard output and error so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<EdgeProcess> StartAsync(JsonObject configuration, string directory, TimeSpan? timeout = null)
    {
        var file = Path.Combine(directory, "edge-child.json");
        await File.WriteAllTextAsync(file, configuration.ToJsonString(), Encoding.UTF8);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { HostAssembly(), "--urls", "http://127.0.0.1:0", "--config", file })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (ListeningPattern().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(listening.Task, exited, Task.Delay(timeout ?? TimeSpan.FromSeconds(60)));
            if (first != listening.Task)
            {
                throw new InvalidOperationException("The edge process did not start listening:\n" + output);
            }
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
            throw;
        }

        return new EdgeProcess(process, await listening.Task, output);
    }

    /// <summary>SIGKILL: no shutdown code runs, buffered writes stop where they are.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    /// <summary>src/EdgeCdn.Edge.Host/bin/{Configuration}/net10.0/EdgeCdn.Edge.Host.dll of this checkout, in the
    /// configuration the tests were built in.</summary>
    public static string HostAssembly()
    {
        var baseDirectory = AppContext.BaseDirectory;
        var directory = new DirectoryInfo(baseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EdgeCdn.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("EdgeCdn.sln not found above " + baseDirectory);
        }

        var parts = baseDirectory.TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var configuration = parts.Length >= 2 ? parts[^2] : "Debug";
        var framework = parts[^1];
        var path = Path.Combine(directory.FullName, "src", "EdgeCdn.Edge.Host", "bin", configuration, framework, "EdgeCdn.Edge.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: the edge host is not at " + path, path);
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningPattern();
}
