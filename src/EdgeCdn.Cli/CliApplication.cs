using System.CommandLine;
using EdgeCdn.Cli.Commands;

namespace EdgeCdn.Cli;

/// <summary>The `edgecdn` command: one root with a sub-command per task.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("EdgeCdn: caching edge nodes with ACME TLS in front of a private S3-compatible origin.")
        {
            UpCommand.Create(output, error),
            EnvCommand.Create(output, error),
            PresignCommand.Create(output, error),
            BenchCommand.Create(output, error),
            DeployCommand.Create(output, error),
            CacheReplayCommand.Create(output, error),
            CacheTraceCommand.Create(output, error),
        };
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(configuration).ConfigureAwait(false);
    }
}
