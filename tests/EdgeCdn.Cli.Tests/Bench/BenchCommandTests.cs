using System.Text.Json;
using EdgeCdn.TestCommon;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EdgeCdn.Cli.Tests.Bench;

/// <summary>
/// `edgecdn bench` against a real loopback server that labels responses the way CDNs do (fast "Hit", slow
/// "Miss"): the tool must split the two, write both reports, and compare two targets in one run.
/// </summary>
public sealed class BenchCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("bench");
    private RecordingHttpServer _cdn = null!;
    private RecordingHttpServer _other = null!;
    private RecordingHttpServer _h2 = null!;

    public async Task InitializeAsync()
    {
        // Cleartext HTTP/2 needs an HTTP/2-only listener (prior knowledge); HTTP/1.1 clients still get the first one.
        _cdn = await RecordingHttpServer.StartAsync();
        _other = await RecordingHttpServer.StartAsync(HttpProtocols.Http2);
        _h2 = await RecordingHttpServer.StartAsync(HttpProtocols.Http2);
        _cdn.Respond = _other.Respond = _h2.Respond = async (request, response) =>
        {
            var miss = request.RawPath.StartsWith("/miss", StringComparison.Ordinal) || request.RawQuery.Contains("edgecdn-bench", StringComparison.Ordinal);
            if (miss)
            {
                await Task.Delay(15);
            }

            response.Headers["X-Cache"] = miss ? "Miss from edgecdn" : "Hit from edgecdn";
            response.ContentLength = 1024;
            await response.Body.WriteAsync(new byte[1024]);
        };
    }

    public async Task DisposeAsync()
    {
        await _cdn.DisposeAsync();
        await _other.DisposeAsync();
        await _h2.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Bench_HitsAndMisses_SplitByResultWithReports()
    {
        var json = _temp.Combine("run.json");
        var html = _temp.Combine("run.html");
        var (code, output, error) = await RunAsync("bench", new Uri(_cdn.BaseUri, "/hit/a.bin").ToString(), new Uri(_cdn.BaseUri, "/miss/b.bin").ToString(),
            "-c", "4", "-n", "200", "--json", json, "--html", html);

        Assert.True(code == 0, error + output);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var target = report.RootElement.GetProperty("targets")[0];
        Assert.Equal(200, target.GetProperty("requests").GetInt64());
        var latency = target.GetProperty("latencyMs");
        Assert.Equal(100, latency.GetProperty("hit").GetProperty("count").GetInt64());
        Assert.Equal(100, latency.GetProperty("miss").GetProperty("count").GetInt64());
        Assert.True(latency.GetProperty("hit").GetProperty("p50").GetDouble() < latency.GetProperty("miss").GetProperty("p50").GetDouble());
        Assert.True(latency.GetProperty("miss").GetProperty("p50").GetDouble() >= 15);
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("Latency distribution by cache result", page, StringComparison.Ordinal);
        Assert.Contains("p99", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_Unique_EveryRequestIsAMiss()
    {
        var json = _temp.Combine("unique.json");
        var (code, _, error) = await RunAsync("bench", new Uri(_cdn.BaseUri, "/hit/a.bin").ToString(), "--unique", "-c", "2", "-n", "20",
            "--json", json, "--html", _temp.Combine("unique.html"));

        Assert.True(code == 0, error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var latency = report.RootElement.GetProperty("targets")[0].GetProperty("latencyMs");
        Assert.Equal(20, latency.GetProperty("miss").GetProperty("count").GetInt64());
        Assert.False(latency.TryGetProperty("hit", out _));
        Assert.Equal(20, _cdn.Requests.Select(r => r.RawQuery).Distinct().Count());
    }

    [Fact]
    public async Task Bench_Compare_BothTargetsMeasuredWithRatios()
    {
        var json = _temp.Combine("compare.json");
        var (code, output, error) = await RunAsync("bench", new Uri(_h2.BaseUri, "/hit/a.bin").ToString(), "--compare", _other.BaseUri.ToString(),
            "-c", "2", "-n", "40", "--http2", "--json", json, "--html", _temp.Combine("compare.html"));

        Assert.True(code == 0, error + output);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var targets = report.RootElement.GetProperty("targets");
        Assert.Equal(2, targets.GetArrayLength());
        Assert.Equal(40, targets[0].GetProperty("requests").GetInt64());
        Assert.Equal(40, targets[1].GetProperty("requests").GetInt64());
        Assert.True(report.RootElement.GetProperty("ratios").GetProperty("requestsPerSecond").GetDouble() > 0);
        Assert.Equal("h2", report.RootElement.GetProperty("protocol").GetString());
        Assert.Contains("B/A", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_Unreachable_ReportsTransportErrorsAndFails()
    {
        var (code, output, _) = await RunAsync("bench", "http://127.0.0.1:1/x", "-n", "3", "-c", "1",
            "--json", _temp.Combine("e.json"), "--html", _temp.Combine("e.html"));

        Assert.Equal(1, code);
        Assert.Contains("failed without a response", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("3", 3_000)]
    public void ParseDuration_Units_Understood(string text, double milliseconds) =>
        Assert.Equal(milliseconds, EdgeCdn.Cli.Commands.BenchCommand.ParseDuration(text).TotalMilliseconds);

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
