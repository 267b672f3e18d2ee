using EdgeCdn.Edge.Observability;
using EdgeCdn.TestCommon;
using EdgeCdn.TestCommon.Edge;

namespace EdgeCdn.Edge.Tests.Observability;

/// <summary>The access log in CloudFront's standard log format.</summary>
public sealed class AccessLogTests
{
    [Fact]
    public async Task AccessLog_HeaderAndOneTabSeparatedLinePerRequest()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("logs", "access.log");
        await using var origin = await TestOrigin.StartAsync();
        origin.Put("/log.txt", "0123456789", "text/plain", o => o.CacheControl = "max-age=60");
        var config = EdgeConfig.ForHttpOrigin(origin.BaseUri);
        config.Edge()["AccessLog"] = new System.Text.Json.Nodes.JsonObject { ["Path"] = path };
        await using (var edge = await EdgeTestHost.StartAsync(config, TestClock.Create()))
        {
            await edge.GetAsync("/log.txt?x=1", r => r.Headers.TryAddWithoutValidation("User-Agent", "test agent/1.0"));
            await edge.GetAsync("/log.txt");
        }

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal("#Version: 1.0", lines[0]);
        Assert.Equal("#Fields: " + AccessLogWriter.Fields, lines[1]);
        var fields = AccessLogWriter.Fields.Split(' ');
        var miss = lines[2].Split('\t');
        var hit = lines[3].Split('\t');
        Assert.Equal(fields.Length, miss.Length);
        string Field(string[] line, string name) => line[Array.IndexOf(fields, name)];
        Assert.Equal("TST1", Field(miss, "x-edge-location"));
        Assert.Equal("GET", Field(miss, "cs-method"));
        Assert.Equal("/log.txt", Field(miss, "cs-uri-stem"));
        Assert.Equal("x=1", Field(miss, "cs-uri-query"));
        Assert.Equal("200", Field(miss, "sc-status"));
        Assert.Equal("10", Field(miss, "sc-bytes"));
        Assert.Equal("127.0.0.1", Field(miss, "c-ip"));
        Assert.Equal("test%20agent/1.0", Field(miss, "cs(User-Agent)"));
        Assert.Equal("Miss", Field(miss, "x-edge-result-type"));
        Assert.Equal("Hit", Field(hit, "x-edge-result-type"));
        Assert.Equal("-", Field(hit, "cs-uri-query"));
        Assert.Matches("^[0-9]+\\.[0-9]{3}$", Field(hit, "time-taken"));
        Assert.Matches("^[0-9]+\\.[0-9]{3}$", Field(miss, "origin-fbl"));
        Assert.Equal("text/plain", Field(miss, "sc-content-type"));
        Assert.Matches("^\\d{4}-\\d{2}-\\d{2}$", Field(miss, "date"));
        Assert.Matches("^EDGE[0-9a-f]{12}$", Field(miss, "x-edge-request-id"));
    }
}
