using System.Globalization;
using Spectre.Console;

namespace EdgeCdn.Cli.Bench;

/// <summary>The table printed at the end of a run.</summary>
internal static class BenchConsoleReport
{
    public static void Write(BenchReport report, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = output == Console.Out ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = output == Console.Out ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 140;
        console.WriteLine(FormattableString.Invariant(
            $"{report.MeasuredSeconds:0.###} s, concurrency {report.Concurrency}, {report.Protocol}, {report.Connections}, {report.Workload.Paths} path(s)") +
            (report.Workload.ZipfAlpha is { } a ? FormattableString.Invariant($", Zipf alpha {a}") : string.Empty) +
            (report.Workload.UniqueQuery ? ", unique query per request" : string.Empty));

        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "target", "result", "requests", "share", "req/s", "MB/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "1st byte p50" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column is "target" or "result" ? Justify.Left : Justify.Right });
        }

        foreach (var t in report.Targets)
        {
            foreach (var (name, l) in t.LatencyMs)
            {
                var all = name == "all";
                table.AddRow(
                    all ? Markup.Escape($"{t.Name} {t.Url}") : string.Empty,
                    name,
                    l.Count.ToString("N0", CultureInfo.InvariantCulture),
                    l.Share.ToString("P1", CultureInfo.InvariantCulture),
                    all ? t.RequestsPerSecond.ToString("N1", CultureInfo.InvariantCulture) : string.Empty,
                    all ? t.MegabytesPerSecond.ToString("N2", CultureInfo.InvariantCulture) : string.Empty,
                    Ms(l.P50), Ms(l.P90), Ms(l.P99), Ms(l.P999), Ms(l.Max), Ms(t.FirstByteMs[name].P50));
            }
        }

        console.Write(table);
        foreach (var t in report.Targets.Where(t => t.TransportErrors > 0))
        {
            console.WriteLine(Markup.Escape($"{t.Name}: {t.TransportErrors} request(s) failed without a response; last error: {t.LastError}"));
        }

        if (report.Ratios is { } r)
        {
            console.WriteLine(FormattableString.Invariant($"B/A: requests/s {r.RequestsPerSecond:0.###}, p50 {r.P50:0.###}, p99 {r.P99:0.###}") +
                (r.HitP50 is { } h ? FormattableString.Invariant($", hit p50 {h:0.###}, hit p99 {r.HitP99:0.###}") : string.Empty));
        }
    }

    private static string Ms(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
