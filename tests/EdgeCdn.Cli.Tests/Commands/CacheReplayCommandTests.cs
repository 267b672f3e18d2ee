using EdgeCdn.TestCommon;

namespace EdgeCdn.Cli.Tests.Commands;

/// <summary>`edgecdn cache-replay` and `edgecdn cache-trace` run in-process on small traces.</summary>
public sealed class CacheReplayCommandTests
{
    private const string Spec = "zipf:alpha=0.9,objects=2000,requests=20000,median=4KiB,onehit=0.3,seed=1";

    [Fact]
    public async Task Replay_Synthetic_EveryPolicyAndSize_OneRowEach()
    {
        var (code, output, error) = await RunAsync("cache-replay", "--synthetic", Spec, "--policy", "S3Fifo,Lru,MemoryCache", "--memory-bytes", "1%,256KiB");

        Assert.True(code == 0, error);
        Assert.Contains("20,000 requests", output, StringComparison.Ordinal);
        Assert.Contains("working set", output, StringComparison.Ordinal);
        var rows = output.Split('\n').Where(l => l.StartsWith("S3Fifo ", StringComparison.Ordinal) || l.StartsWith("Lru ", StringComparison.Ordinal) ||
            l.StartsWith("MemoryCache ", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, rows.Count);
        Assert.Contains(rows, r => r.Contains("(1%)", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("256 KiB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateThenReplayTheFile_SameAsReplayingTheSpec_Markdown()
    {
        using var directory = new TempDirectory("edgecdn-cli-trace");
        foreach (var name in new[] { "t.csv", "t.oracleGeneral" })
        {
            var file = directory.Combine(name);
            var (generated, generateOutput, generateError) = await RunAsync("cache-trace", "generate", "--synthetic", Spec, "--output", file);
            Assert.True(generated == 0, generateError);
            Assert.Contains("20,000 requests", generateOutput, StringComparison.Ordinal);

            var (stats, statsOutput, _) = await RunAsync("cache-trace", "stats", file);
            Assert.Equal(0, stats);
            Assert.Contains("20,000 requests", statsOutput, StringComparison.Ordinal);

            var (fromFile, fileOutput, fileError) = await RunAsync("cache-replay", file, "--policy", "S3Fifo", "--memory-bytes", "1MiB", "--markdown");
            var (fromSpec, specOutput, _) = await RunAsync("cache-replay", "--synthetic", Spec, "--policy", "S3Fifo", "--memory-bytes", "1MiB", "--markdown");
            Assert.True(fromFile == 0, fileError);
            Assert.Equal(0, fromSpec);
            Assert.Equal(HitRatios(specOutput), HitRatios(fileOutput));
        }
    }

    [Theory]
    [InlineData("cache-replay", "--memory-bytes", "1MiB")]
    [InlineData("cache-replay", "--synthetic", "zipf:objects=10", "--memory-bytes", "1MiB", "--policy", "Clock")]
    [InlineData("cache-replay", "--synthetic", "zipf:objects=10", "--memory-bytes", "lots")]
    [InlineData("cache-replay", "--synthetic", "zipf:alpha=x", "--memory-bytes", "1MiB")]
    public async Task Replay_BadArguments_ExitCode2(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.NotEmpty(error);
    }

    /// <summary>The ratio columns of the Markdown rows (requests/s differs from run to run).</summary>
    private static List<string> HitRatios(string output) =>
        [.. output.Split('\n').Where(l => l.StartsWith("| S3Fifo", StringComparison.Ordinal)).Select(l => string.Join("|", l.Split('|')[3..7]))];

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
