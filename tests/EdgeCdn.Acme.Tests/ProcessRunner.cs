using System.Diagnostics;

namespace EdgeCdn.Acme.Tests;

/// <summary>Runs a real client (curl, openssl, certbot) to completion, bounded in time, and returns its exit code and output.</summary>
internal static class ProcessRunner
{
    public static async Task<(int Exit, string Output)> RunAsync(string file, params string[] arguments) =>
        await RunAsync(file, arguments, environment: null, input: null);

    public static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment, string? input)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"{file} did not finish within 120 s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
