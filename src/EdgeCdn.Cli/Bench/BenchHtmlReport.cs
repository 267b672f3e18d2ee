using System.Globalization;
using System.Net;
using System.Text;

namespace EdgeCdn.Cli.Bench;

/// <summary>
/// A self-contained HTML page (no scripts, no external files): summary tables, the latency distribution of
/// each cache result on a percentile axis (the long tail is where CDNs differ), and per-second throughput and
/// latency over the run. Charts are inline SVG drawn here.
/// </summary>
internal static class BenchHtmlReport
{
    private const int Width = 860;
    private const int Height = 320;
    private const int Left = 96;
    private const int Right = 20;
    private const int Top = 20;
    private const int Bottom = 40;

    private static readonly Dictionary<string, string> Colors = new()
    {
        ["hit"] = "#1a9850", ["miss"] = "#d73027", ["refresh"] = "#4575b4", ["stale"] = "#f46d43", ["error"] = "#7f7f7f", ["unknown"] = "#984ea3",
    };

    private static readonly string[] TargetColors = ["#1f77b4", "#ff7f0e"];

    public static string Render(BenchReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>edgecdn bench</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:920px}")
            .Append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
            .Append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}h2{margin-top:28px}")
            .Append(".muted{color:#666;font-size:90%}svg{background:#fff;border:1px solid #ddd}")
            .Append("</style></head><body>");
        html.Append("<h1>edgecdn bench</h1><p class=\"muted\">")
            .Append(Encode($"{report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC · {report.MeasuredSeconds:0.###} s measured · concurrency {report.Concurrency} · {report.Protocol} · {report.Connections} · {report.Workload.Paths} path(s)"))
            .Append(report.Workload.ZipfAlpha is { } a ? Encode($" · Zipf α={a}") : string.Empty)
            .Append(report.Workload.UniqueQuery ? " · unique query per request (all misses)" : string.Empty)
            .Append("</p>");

        foreach (var t in report.Targets)
        {
            html.Append("<h2>").Append(Encode($"Target {t.Name}: {t.Url}")).Append("</h2>");
            html.Append("<p>").Append(Encode(string.Create(CultureInfo.InvariantCulture,
                $"{t.Requests:N0} requests · {t.RequestsPerSecond:N1} req/s · {t.MegabytesPerSecond:N2} MB/s · transport errors {t.TransportErrors:N0} · status {string.Join(", ", t.StatusCodes.Select(s => $"{s.Key}×{s.Value}"))}")))
                .Append("</p>");
            html.Append("<table><tr><th>result</th><th>count</th><th>share</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>mean ms</th><th>first byte p50 ms</th></tr>");
            foreach (var (name, l) in t.LatencyMs)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(name)}</td><td>{l.Count:N0}</td><td>{l.Share:P1}</td><td>{l.P50:0.###}</td><td>{l.P90:0.###}</td><td>{l.P99:0.###}</td><td>{l.P999:0.###}</td><td>{l.Max:0.###}</td><td>{l.Mean:0.###}</td><td>{t.FirstByteMs[name].P50:0.###}</td></tr>");
            }

            html.Append("</table>");
        }

        if (report.Ratios is { } r)
        {
            html.Append("<h2>B / A</h2><table><tr><th>metric</th><th>ratio</th></tr>")
                .Append(CultureInfo.InvariantCulture, $"<tr><td>requests/s</td><td>{r.RequestsPerSecond:0.###}</td></tr><tr><td>p50 latency</td><td>{r.P50:0.###}</td></tr><tr><td>p99 latency</td><td>{r.P99:0.###}</td></tr>");
            if (r.HitP50 is { } hp50)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>hit p50 latency</td><td>{hp50:0.###}</td></tr><tr><td>hit p99 latency</td><td>{r.HitP99:0.###}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("<h2>Latency distribution by cache result</h2><p class=\"muted\">x: percentile (log scale toward the tail), y: latency in ms (log scale). Solid: target A, dashed: target B.</p>");
        html.Append(DistributionChart(report));
        html.Append("<h2>Requests per second</h2>");
        html.Append(TimeSeriesChart(report, s => s.Requests, "req/s"));
        html.Append("<h2>Latency per second (p50 solid, p99 dotted)</h2>");
        html.Append(LatencySeriesChart(report));
        html.Append("</body></html>");
        return html.ToString();
    }

    private static string DistributionChart(BenchReport report)
    {
        // x = -log10(1 - fraction): 0 at p0, 1 at p90, 2 at p99, 3 at p99.9, 4 at p99.99.
        const double maxX = 4;
        var points = report.Targets.SelectMany(t => t.Distributions.Values.SelectMany(d => d)).ToList();
        if (points.Count == 0)
        {
            return "<p>No responses were measured.</p>";
        }

        var minMs = Math.Max(0.01, points.Min(p => p.Ms));
        var maxMs = Math.Max(minMs * 10, points.Max(p => p.Ms));
        double LogY(double ms) => Math.Log10(Math.Max(ms, minMs));
        var y0 = Math.Floor(LogY(minMs));
        var y1 = Math.Ceiling(LogY(maxMs));
        var svg = Svg(out var sb);
        Axes(sb);
        foreach (var (label, x) in new[] { ("p0", 0.0), ("p90", 1.0), ("p99", 2.0), ("p99.9", 3.0), ("p99.99", 4.0) })
        {
            var px = Left + (x / maxX * PlotWidth);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{px:0.#}\" y1=\"{Top}\" x2=\"{px:0.#}\" y2=\"{Height - Bottom}\" stroke=\"#eee\"/><text x=\"{px:0.#}\" y=\"{Height - Bottom + 16}\" font-size=\"11\" text-anchor=\"middle\">{label}</text>");
        }

        for (var e = y0; e <= y1; e++)
        {
            var py = Height - Bottom - ((e - y0) / Math.Max(1, y1 - y0) * PlotHeight);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{py:0.#}\" x2=\"{Width - Right}\" y2=\"{py:0.#}\" stroke=\"#eee\"/><text x=\"{Left - 6}\" y=\"{py + 4:0.#}\" font-size=\"11\" text-anchor=\"end\">{Math.Pow(10, e):0.###} ms</text>");
        }

        var legend = 0;
        for (var ti = 0; ti < report.Targets.Count; ti++)
        {
            foreach (var (name, distribution) in report.Targets[ti].Distributions)
            {
                var path = new StringBuilder();
                foreach (var (ms, fraction) in distribution)
                {
                    var x = Math.Min(maxX, -Math.Log10(Math.Max(1 - fraction, 1e-4)));
                    var px = Left + (x / maxX * PlotWidth);
                    var py = Height - Bottom - ((LogY(ms) - y0) / Math.Max(1, y1 - y0) * PlotHeight);
                    path.Append(path.Length == 0 ? 'M' : 'L').Append(CultureInfo.InvariantCulture, $"{px:0.#},{py:0.#} ");
                }

                var color = Colors.GetValueOrDefault(name, "#333");
                var dash = ti == 1 ? " stroke-dasharray=\"6 4\"" : string.Empty;
                sb.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>");
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + 10}\" y=\"{Top + 14 + (legend * 14)}\" font-size=\"12\" fill=\"{color}\">{Encode($"{report.Targets[ti].Name} {name}")}</text>");
                legend++;
            }
        }

        return svg.Close();
    }

    private static string TimeSeriesChart(BenchReport report, Func<SecondReport, double> value, string unit)
    {
        var maxSecond = report.Targets.Max(t => t.TimeSeries.Count);
        var maxValue = Math.Max(1, report.Targets.SelectMany(t => t.TimeSeries).Select(value).DefaultIfEmpty(0).Max());
        var svg = Svg(out var sb);
        Axes(sb);
        YTicks(sb, maxValue, unit);
        XTicks(sb, maxSecond);
        for (var ti = 0; ti < report.Targets.Count; ti++)
        {
            sb.Append(Polyline(report.Targets[ti].TimeSeries.Select(value).ToList(), maxSecond, maxValue, TargetColors[ti % 2], string.Empty));
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + 10}\" y=\"{Top + 14 + (ti * 14)}\" font-size=\"12\" fill=\"{TargetColors[ti % 2]}\">{Encode(report.Targets[ti].Name + ": " + report.Targets[ti].Url)}</text>");
        }

        return svg.Close();
    }

    private static string LatencySeriesChart(BenchReport report)
    {
        var maxSecond = report.Targets.Max(t => t.TimeSeries.Count);
        var maxValue = Math.Max(0.001, report.Targets.SelectMany(t => t.TimeSeries).Select(s => s.P99Ms).DefaultIfEmpty(0).Max());
        var svg = Svg(out var sb);
        Axes(sb);
        YTicks(sb, maxValue, "ms");
        XTicks(sb, maxSecond);
        for (var ti = 0; ti < report.Targets.Count; ti++)
        {
            var series = report.Targets[ti].TimeSeries;
            sb.Append(Polyline(series.Select(s => s.P50Ms).ToList(), maxSecond, maxValue, TargetColors[ti % 2], string.Empty));
            sb.Append(Polyline(series.Select(s => s.P99Ms).ToList(), maxSecond, maxValue, TargetColors[ti % 2], " stroke-dasharray=\"2 3\""));
        }

        return svg.Close();
    }

    private static string Polyline(List<double> values, int maxSecond, double maxValue, string color, string extra)
    {
        if (values.Count == 0)
        {
            return string.Empty;
        }

        var points = string.Join(' ', values.Select((v, i) => string.Create(CultureInfo.InvariantCulture,
            $"{Left + ((i + 0.5) / Math.Max(1, maxSecond) * PlotWidth):0.#},{Height - Bottom - (v / maxValue * PlotHeight):0.#}")));
        return $"<polyline points=\"{points}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{extra}/>";
    }

    private static void YTicks(StringBuilder sb, double maxValue, string unit)
    {
        for (var i = 0; i <= 4; i++)
        {
            var v = maxValue * i / 4;
            var py = Height - Bottom - (i / 4.0 * PlotHeight);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{py:0.#}\" x2=\"{Width - Right}\" y2=\"{py:0.#}\" stroke=\"#eee\"/><text x=\"{Left - 6}\" y=\"{py + 4:0.#}\" font-size=\"11\" text-anchor=\"end\">{v:0.##} {Encode(unit)}</text>");
        }
    }

    private static void XTicks(StringBuilder sb, int maxSecond)
    {
        var step = Math.Max(1, maxSecond / 10);
        for (var s = 0; s <= maxSecond; s += step)
        {
            var px = Left + ((double)s / Math.Max(1, maxSecond) * PlotWidth);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{px:0.#}\" y=\"{Height - Bottom + 16}\" font-size=\"11\" text-anchor=\"middle\">{s}s</text>");
        }
    }

    private static void Axes(StringBuilder sb) =>
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/><line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>");

    private static double PlotWidth => Width - Left - Right;

    private static double PlotHeight => Height - Top - Bottom;

    private static SvgScope Svg(out StringBuilder sb)
    {
        sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">");
        return new SvgScope(sb);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private readonly struct SvgScope(StringBuilder sb)
    {
        public string Close() => sb.Append("</svg>").ToString();
    }
}
