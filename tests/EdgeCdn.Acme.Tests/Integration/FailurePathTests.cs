using System.Diagnostics.Metrics;
using EdgeCdn.TestCommon;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCdn.Acme.Tests.Integration;

/// <summary>The RFC 8555 failure paths against real pebble: badNonce storms, wrong key authorizations, a CA that forgot the account.</summary>
[Trait("Category", "Pebble")]
public sealed class FailurePathTests
{
    [Fact]
    public async Task BadNonceStorm_HalfOfNoncesRejected_CertificateStillIssued()
    {
        using var data = new TempDirectory("acme-data");
        await using var pebble = new PebbleServer(new PebbleOptions { NonceRejectPercent = 50 });
        await using var host = await AcmeTestHost.StartAsync(AcmeTestHost.SettingsFor(pebble, data.Path, "http-01"));
        await pebble.StartAsync(host.HttpPort, host.HttpsPort);
        using var badNonces = new CounterTotal(host.Services.GetRequiredService<AcmeMetrics>().Meter, "edgecdn.acme.bad_nonce_retries");
        using var requests = new CounterTotal(host.Services.GetRequiredService<AcmeMetrics>().Meter, "edgecdn.acme.requests");

        string[] names = ["nonce-a.example.test", "nonce-b.example.test", "nonce-c.example.test"];
        Assert.True(host.Registry.TryRegister(names, out _));
        var status = await host.WaitForOutcomeAsync(names);

        Assert.True(status.State == "valid", $"{status}\n{pebble.Log}");
        Assert.Equal(0, status.ConsecutiveFailures);
        // Every rejection was answered by resending with the nonce the error carried.
        Assert.True(badNonces.Total >= 3, $"only {badNonces.Total} badNonce retries in {requests.Total} requests");
    }

    [Fact]
    public async Task WrongKeyAuthorization_OrderFails_WithTheCasProblemDocument()
    {
        using var data = new TempDirectory("acme-data");
        await using var pebble = new PebbleServer();
        await using var host = await AcmeTestHost.StartAsync(
            AcmeTestHost.SettingsFor(pebble, data.Path, "http-01"),
            beforeChallenges: app => app.Use(ServeWrongKeyAuthorization));
        await pebble.StartAsync(host.HttpPort, host.HttpsPort);

        string[] names = ["wrong-key.example.test"];
        Assert.True(host.Registry.TryRegister(names, out _));
        var status = await host.WaitForOutcomeAsync(names);

        Assert.Equal("failing", status.State);
        Assert.NotNull(status.LastProblem);
        Assert.Equal("urn:ietf:params:acme:error:unauthorized", status.LastProblem.Type);
        Assert.Contains("key authorization", status.LastProblem.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("urn:ietf:params:acme:error:unauthorized", status.LastError, StringComparison.Ordinal);
        Assert.Contains("http-01 validation of wrong-key.example.test failed", status.LastError, StringComparison.Ordinal);
        Assert.True(status.NextRenewal > status.LastErrorAt, "a retry is scheduled");
        Assert.Null(status.NotAfter); // nothing is served for it but the fallback

        // Retries back off: RetryMinDelay (1 s here) jittered ±50 % after the first failure, twice that after the second.
        var firstDelay = status.NextRenewal!.Value - status.LastErrorAt!.Value;
        Assert.InRange(firstDelay.TotalSeconds, 0.5, 1.5);
        var second = await host.WaitForOutcomeAsync(names, TimeSpan.FromSeconds(30), s => s.ConsecutiveFailures >= 2);
        Assert.True(second.LastErrorAt >= status.NextRenewal, "not retried before its time");
        Assert.InRange((second.NextRenewal!.Value - second.LastErrorAt!.Value).TotalSeconds, 1, 3);
    }

    [Fact]
    public async Task Http01Fails_FallsBackToTlsAlpn01_WithANewOrder()
    {
        using var data = new TempDirectory("acme-data");
        await using var pebble = new PebbleServer();
        await using var host = await AcmeTestHost.StartAsync(
            AcmeTestHost.SettingsFor(pebble, data.Path, "http-01", "tls-alpn-01"),
            beforeChallenges: app => app.Use(ServeWrongKeyAuthorization));
        await pebble.StartAsync(host.HttpPort, host.HttpsPort);

        string[] names = ["fallback.example.test"];
        Assert.True(host.Registry.TryRegister(names, out _));
        var status = await host.WaitForOutcomeAsync(names);

        Assert.True(status.State == "valid", $"{status}\n{pebble.Log}");
        Assert.Contains(TestLoggerProvider.Lines, l => l.Contains("http-01 failed for fallback.example.test; trying tls-alpn-01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CaForgetsAccount_ClientRegistersAgainWithSameKey()
    {
        using var data = new TempDirectory("acme-data");
        await using var pebble = new PebbleServer();
        await using var host = await AcmeTestHost.StartAsync(AcmeTestHost.SettingsFor(pebble, data.Path));
        await pebble.StartAsync(host.HttpPort, host.HttpsPort);

        Assert.True(host.Registry.TryRegister(["before.example.test"], out _));
        Assert.Equal("valid", (await host.WaitForOutcomeAsync(["before.example.test"])).State);
        var accountFile = Directory.GetFiles(Path.Combine(data.Path, "accounts"), "account.json", SearchOption.AllDirectories).Single();
        var keyFile = Path.Combine(Path.GetDirectoryName(accountFile)!, "account-key.pem");
        var firstAccount = await File.ReadAllTextAsync(accountFile);
        var key = await File.ReadAllTextAsync(keyFile);

        // Same ports, same directory URL, empty state: the stored account URL now names an unknown account.
        await pebble.RestartAsync();
        Assert.True(host.Registry.TryRegister(["after.example.test"], out _));
        var status = await host.WaitForOutcomeAsync(["after.example.test"]);

        Assert.True(status.State == "valid", $"{status}\n{pebble.Log}");
        Assert.NotEqual(firstAccount, await File.ReadAllTextAsync(accountFile));
        Assert.Equal(key, await File.ReadAllTextAsync(keyFile));
        Assert.Contains(TestLoggerProvider.Lines, l => l.Contains("does not know account", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    /// <summary>Answers the CA's http-01 check with the token and a key authorization for some other account key.</summary>
    private static Task ServeWrongKeyAuthorization(HttpContext context, Func<Task> next)
    {
        const string prefix = "/.well-known/acme-challenge/";
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || context.Request.IsHttps)
        {
            return next();
        }

        return context.Response.WriteAsync(path[prefix.Length..] + ".not-the-thumbprint-of-this-account-key0000000");
    }
}

/// <summary>Sums one counter of one Meter instance (so parallel hosts do not mix).</summary>
internal sealed class CounterTotal : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public CounterTotal(Meter meter, string instrument)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (ReferenceEquals(i.Meter, meter) && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
