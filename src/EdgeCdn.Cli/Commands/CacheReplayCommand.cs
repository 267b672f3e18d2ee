using System.CommandLine;
using System.Globalization;
using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Caching.Replay;

namespace EdgeCdn.Cli.Commands;

/// <summary>
/// `edgecdn cache-replay TRACE --policy S3Fifo|Lru|MemoryCache --memory-bytes N [--disk-bytes M]`: replays a trace
/// against the edge's real cache store and prints object and byte hit ratios (overall and for the second half),
/// evictions and the replay's own requests/s. Policies and sizes may be lists (every pair is replayed, one after
/// the other); a size may be a share of the trace's working set (1%). --synthetic replays a generated trace without
/// writing it to disk.
/// </summary>
internal static class CacheReplayCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var trace = new Argument<FileInfo?>("trace") { Description = "Trace file: CSV 'timestamp,key,size' or libCacheSim oracleGeneral.", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string?>("--format") { Description = "csv or oracle (default: from the file name; .csv is CSV)." };
        var synthetic = new Option<string?>("--synthetic") { Description = "Replay a generated trace instead: zipf:alpha=0.9,objects=1000000,requests=10000000,median=20KiB,sigma=1,onehit=0.3,seed=1" };
        var policy = new Option<string>("--policy") { Description = "S3Fifo, Lru or MemoryCache; a comma-separated list replays each.", DefaultValueFactory = _ => "S3Fifo" };
        var memory = new Option<string>("--memory-bytes") { Description = "Memory tier budget: bytes (64MiB) or a share of the working set (1%); a comma-separated list replays each.", Required = true };
        var disk = new Option<string?>("--disk-bytes") { Description = "Add the disk tier with this budget (bytes or % of the working set), in a temporary directory." };
        var maxObject = new Option<string?>("--max-object-bytes") { Description = "Largest object the memory tier takes (default: no cap beyond the policy's own)." };
        var smallPercent = new Option<int>("--small-percent") { Description = "S3-FIFO small queue share of the memory budget, in percent.", DefaultValueFactory = _ => 10 };
        var markdown = new Option<bool>("--markdown") { Description = "Print the results as a Markdown table." };

        var command = new Command("cache-replay", "Replay a cache trace against the edge's cache store and print hit ratios.")
        {
            trace, format, synthetic, policy, memory, disk, maxObject, smallPercent, markdown,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(trace);
            var spec = parse.GetValue(synthetic);
            if ((file is null) == (spec is null))
            {
                error.WriteLine("Give a trace file or --synthetic (one of them).");
                return 2;
            }

            Func<IEnumerable<TraceRequest>> source;
            string name;
            long? knownRequests = null;
            if (spec is not null)
            {
                if (!SyntheticTrace.TryParse(spec, out var generator, out var problem))
                {
                    error.WriteLine("--synthetic: " + problem);
                    return 2;
                }

                source = generator!.Generate;
                name = generator.ToString();
                knownRequests = generator.Requests;
            }
            else
            {
                if (!file!.Exists)
                {
                    error.WriteLine($"No such trace file: {file.FullName}");
                    return 2;
                }

                if (!TryParseFormat(parse.GetValue(format), file.FullName, out var traceFormat))
                {
                    error.WriteLine("--format must be csv or oracle.");
                    return 2;
                }

                source = () => TraceFiles.Read(file.FullName, traceFormat);
                name = $"{file.Name} ({traceFormat})";
                if (traceFormat == TraceFormat.OracleGeneral)
                {
                    knownRequests = file.Length / TraceFiles.OracleRecordBytes;
                }
            }

            var policies = new List<EvictionPolicy>();
            foreach (var p in parse.GetValue(policy)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Enum.TryParse<EvictionPolicy>(p, ignoreCase: true, out var parsed) || int.TryParse(p, out _))
                {
                    error.WriteLine($"--policy: '{p}' is not S3Fifo, Lru or MemoryCache.");
                    return 2;
                }

                policies.Add(parsed);
            }

            var sizes = parse.GetValue(memory)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var diskText = parse.GetValue(disk);
            var maxObjectText = parse.GetValue(maxObject);
            long? maxObjectBytes = null;
            if (maxObjectText is not null)
            {
                if (!ByteSize.TryParse(maxObjectText, out var m) || m <= 0)
                {
                    error.WriteLine("--max-object-bytes must be a positive size.");
                    return 2;
                }

                maxObjectBytes = m;
            }

            try
            {
                TraceSummary? summary = null;
                if (sizes.Any(IsShare) || (diskText is not null && IsShare(diskText)) || knownRequests is null)
                {
                    summary = TraceSummary.Of(source());
                    knownRequests = summary.Requests;
                }

                output.WriteLine("trace: " + name);
                if (summary is not null)
                {
                    output.WriteLine(Describe(summary));
                }

                var results = new List<(ReplayResult Result, string Size)>();
                if (parse.GetValue(markdown))
                {
                    output.WriteLine();
                    output.WriteLine("| policy | memory | object hit ratio | byte hit ratio | object hit ratio, 2nd half | byte hit ratio, 2nd half | evictions | req/s |");
                    output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
                }
                else
                {
                    output.WriteLine();
                    output.WriteLine($"{"policy",-12} {"memory",-22} {"OHR",7} {"BHR",7} {"OHR 2nd",8} {"BHR 2nd",8} {"disk hits",10} {"evictions",11} {"rejected",10} {"req/s",11}");
                }

                foreach (var size in sizes)
                {
                    if (!TryResolve(size, summary, out var memoryBytes) || memoryBytes <= 0)
                    {
                        error.WriteLine($"--memory-bytes: '{size}' is not a size or share of the working set.");
                        return 2;
                    }

                    long? diskBytes = null;
                    if (diskText is not null)
                    {
                        if (!TryResolve(diskText, summary, out var d) || d <= 0)
                        {
                            error.WriteLine($"--disk-bytes: '{diskText}' is not a size or share of the working set.");
                            return 2;
                        }

                        diskBytes = d;
                    }

                    var label = IsShare(size) ? $"{ByteSize.Format(memoryBytes)} ({size})" : ByteSize.Format(memoryBytes);
                    foreach (var p in policies)
                    {
                        var result = CacheReplay.Run(source(), knownRequests!.Value, new ReplayOptions
                        {
                            Policy = p,
                            MemoryBytes = memoryBytes,
                            MaxObjectBytes = maxObjectBytes,
                            SmallQueuePercent = parse.GetValue(smallPercent),
                            DiskBytes = diskBytes,
                        });
                        results.Add((result, label));
                        output.WriteLine(parse.GetValue(markdown) ? MarkdownRow(result, label) : TextRow(result, label));
                        output.Flush();
                    }
                }

                return 0;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                error.WriteLine(ex.Message);
                return 1;
            }
        });
        return command;
    }

    internal static bool TryParseFormat(string? text, string path, out TraceFormat format)
    {
        format = TraceFiles.GuessFormat(path);
        switch (text?.ToLowerInvariant())
        {
            case null:
                return true;
            case "csv":
                format = TraceFormat.Csv;
                return true;
            case "oracle" or "oraclegeneral":
                format = TraceFormat.OracleGeneral;
                return true;
            default:
                return false;
        }
    }

    internal static string Describe(TraceSummary summary) => string.Create(CultureInfo.InvariantCulture,
        $"{summary.Requests:N0} requests ({ByteSize.Format(summary.RequestedBytes)}), {summary.Objects:N0} objects, working set {ByteSize.Format(summary.WorkingSetBytes)} ({summary.WorkingSetBytes:N0} bytes)");

    private static bool IsShare(string text) => text.EndsWith('%');

    private static bool TryResolve(string text, TraceSummary? summary, out long bytes)
    {
        if (IsShare(text))
        {
            bytes = 0;
            return summary is not null && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share > 0 &&
                (bytes = (long)(summary.WorkingSetBytes * share / 100)) > 0;
        }

        return ByteSize.TryParse(text, out bytes);
    }

    private static string TextRow(ReplayResult r, string size) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Options.Policy,-12} {size,-22} {r.ObjectHitRatio,7:0.0000} {r.ByteHitRatio,7:0.0000} {r.SecondHalfObjectHitRatio,8:0.0000} {r.SecondHalfByteHitRatio,8:0.0000} {r.DiskHits,10:N0} {r.MemoryEvictions,11:N0} {r.MemoryRejections,10:N0} {r.RequestsPerSecond,11:N0}");

    private static string MarkdownRow(ReplayResult r, string size) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Options.Policy} | {size} | {r.ObjectHitRatio:0.0000} | {r.ByteHitRatio:0.0000} | {r.SecondHalfObjectHitRatio:0.0000} | {r.SecondHalfByteHitRatio:0.0000} | {r.MemoryEvictions:N0} | {r.RequestsPerSecond:N0} |");
}
