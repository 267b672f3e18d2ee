using System.Diagnostics;

namespace EdgeCdn.Cli.Up;

/// <summary>
/// One server of the chain as a child process (`dotnet EdgeCdn.X.Host.dll ...`): its output goes to a log file,
/// the addresses it listens on are read from Kestrel's "Now listening on:" lines, and stopping it sends SIGTERM
/// (a clean shutdown) before resorting to a kill.
/// </summary>
internal sealed class ChildHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<Uri> _listening = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();

    private ChildHost(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    public Task Exited => _exited.Task;

    public IReadOnlyList<Uri> Listening
    {
        get
        {
            lock (_gate)
            {
                return [.. _listening];
            }
        }
    }

    public static ChildHost Start(string name, string hostDll, IEnumerable<string> arguments, IDictionary<string, string> environment, string logFile)
    {
        if (!File.Exists(hostDll))
        {
            throw new FileNotFoundException($"The {name} host is not built: {hostDll} is missing. Build the solution (dotnet build) first.", hostDll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Environment.CurrentDirectory,
        };
        start.ArgumentList.Add(hostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        // The child stops when this process is gone, even if it is killed outright (its stdin pipe closes).
        start.Environment[EdgeCdn.Core.Hosting.ParentLifetime.EnvironmentVariable] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new ChildHost(name, process, log);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Exited += (_, _) => host._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until the child listens on <paramref name="count"/> addresses, or fails if it exits first.</summary>
    public async Task<IReadOnlyList<Uri>> WaitListeningAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Listening.Count >= count)
            {
                return Listening;
            }

            if (_exited.Task.IsCompleted)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready; see its log.");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"{Name} did not start listening within {timeout.TotalSeconds:0} s; see its log.");
    }

    public async Task StopAsync(TimeSpan grace)
    {
        if (_exited.Task.IsCompleted)
        {
            return;
        }

        if (OperatingSystem.IsWindows() || !await SignalTermAsync(_process.Id).ConfigureAwait(false))
        {
            _process.Kill(entireProcessTree: true);
        }

        if (await Task.WhenAny(_exited.Task, Task.Delay(grace)).ConfigureAwait(false) != _exited.Task)
        {
            _process.Kill(entireProcessTree: true);
            await _exited.Task.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _process.Dispose();
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _log.WriteLine(line);
            const string marker = "Now listening on: ";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && Uri.TryCreate(line[(at + marker.Length)..].Trim(), UriKind.Absolute, out var uri))
            {
                _listening.Add(uri);
            }
        }
    }

    /// <summary>SIGTERM lets ASP.NET Core stop gracefully (drain requests, flush logs); .NET's Process.Kill is SIGKILL.</summary>
    private static async Task<bool> SignalTermAsync(int pid)
    {
        try
        {
            // Its complaint about a child that already exited (Ctrl-C reaches the whole process group) is not news.
            using var kill = Process.Start(new ProcessStartInfo("kill")
            {
                ArgumentList = { "-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            });
            if (kill is null)
            {
                return false;
            }

            var drained = Task.WhenAll(kill.StandardError.ReadToEndAsync(), kill.StandardOutput.ReadToEndAsync());
            await kill.WaitForExitAsync().ConfigureAwait(false);
            await drained.ConfigureAwait(false);
            return kill.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
