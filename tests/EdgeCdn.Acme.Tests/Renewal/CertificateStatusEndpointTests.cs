using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EdgeCdn.Acme.Tls;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Acme.Tests.Renewal;

public sealed class CertificateStatusEndpointTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer test-admin-token-012345678")]
    [InlineData("Basic dGVzdA==")]
    public async Task Get_WithoutTheAdminToken_401(string? authorization)
    {
        using var data = new TempDirectory("acme-data");
        await using var host = await StartAsync(data);
        using var client = TlsProbe.CreateHttpClient(root: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://localhost:{host.HttpsPort}/_edgecdn/certificates");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_WithAdminToken_ListsEveryCertificateWithNextRenewalAndLastError()
    {
        using var data = new TempDirectory("acme-data");
        await using var host = await StartAsync(data);
        host.Registry.TryRegister(["pending.example.test"], out _);
        host.Selector.Install(ServedCertificate.FromStored(TestCertificates.SelfSigned("manual.example.test")));
        using var client = TlsProbe.CreateHttpClient(root: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://localhost:{host.HttpsPort}/_edgecdn/certificates");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AcmeTestHost.AdminToken);

        using var response = await client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var entries = json.RootElement.EnumerateArray().ToList();
        var pending = entries.Single(e => e.GetProperty("names")[0].GetString() == "pending.example.test");
        Assert.Equal("pending", pending.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("notAfter").ValueKind);
        var manual = entries.Single(e => e.GetProperty("names")[0].GetString() == "manual.example.test");
        Assert.Equal("unmanaged", manual.GetProperty("state").GetString());
        Assert.Equal("CN=manual.example.test", manual.GetProperty("issuer").GetString());
        Assert.True(manual.GetProperty("notAfter").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        foreach (var property in new[] { "names", "state", "issuer", "notBefore", "notAfter", "nextRenewal", "lastRenewed", "lastError", "lastErrorAt", "lastProblem", "consecutiveFailures" })
        {
            Assert.True(pending.TryGetProperty(property, out _), property);
        }
    }

    private static Task<AcmeTestHost> StartAsync(TempDirectory data) =>
        AcmeTestHost.StartAsync(new Dictionary<string, string?> { ["Acme:Enabled"] = "false", ["Acme:DataDirectory"] = data.Path });
}
