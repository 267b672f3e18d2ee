using System.CommandLine;
using System.Globalization;
using EdgeCdn.Edge.Caching.Replay;

namespace EdgeCdn.Cli.Commands;

/// <summary>
/// `edgecdn cache-trace generate --synthetic zipf:... --output FILE`: writes a seeded synthetic trace as CSV or
/// libCacheSim oracleGeneral; `edgecdn cache-trace stats FILE`: requests, objects and working set of a trace.
/// </summary>
internal static class CacheTraceCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var synthetic = new Option<string>("--synthetic") { Description = "The trace: zipf:alpha=0.9,objects=1000000,requests=10000000,median=20KiB,sigma=1,onehit=0.3,seed=1", Required = true };
        var file = new Option<FileInfo>("--output", "-o") { Description = "File to write.", Required = true };
        var format = new Option<string?>("--format") { Description = "csv or oracle (default: from the file name; .csv is CSV)." };
        var generate = new Command("generate", "Write a synthetic trace to a file.") { synthetic, file, format };
        generate.SetAction(parse =>
        {
            if (!SyntheticTrace.TryParse(parse.GetValue(synthetic)!, out var trace, out var problem))
            {
                error.WriteLine("--synthetic: " + problem);
                return 2;
            }

            var path = parse.GetValue(file)!.FullName;
            if (!CacheReplayCommand.TryParseFormat(parse.GetValue(format), path, out var traceFormat))
            {
                error.WriteLine("--format must be csv or oracle.");
                return 2;
            }

            TraceFiles.Write(path, trace!.Generate(), traceFormat);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {trace.Requests:N0} requests ({traceFormat}) to {path}"));
            return 0;
        });

        var traceFile = new Argument<FileInfo>("trace") { Description = "The trace file." };
        var statsFormat = new Option<string?>("--format") { Description = "csv or oracle (default: from the file name)." };
        var stats = new Command("stats", "Requests, objects and working set of a trace file.") { traceFile, statsFormat };
        stats.SetAction(parse =>
        {
            var path = parse.GetValue(traceFile)!.FullName;
            if (!CacheReplayCommand.TryParseFormat(parse.GetValue(statsFormat), path, out var traceFormat))
            {
                error.WriteLine("--format must be csv or oracle.");
                return 2;
            }

            try
            {
                var summary = TraceSummary.Of(TraceFiles.Read(path, traceFormat));
                output.WriteLine(CacheReplayCommand.Describe(summary));
                return 0;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                error.WriteLine(ex.Message);
                return 1;
            }
        });

        return new Command("cache-trace", "Make and inspect cache traces for cache-replay.") { generate, stats };
    }
}
