using EdgeCdn.TestCommon;

namespace EdgeCdn.Acme.Tests.Integration;

[Trait("Category", "Pebble")]
public sealed class ExternalAccountBindingTests
{
    // The MAC key pebble's own example configuration uses: a base64url string, as CAs hand them out.
    private const string KeyId = "kid-1";
    private const string MacKey = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";

    [Fact]
    public async Task CaRequiringEab_WithBinding_Issues_WithoutBinding_FailsClearly()
    {
        using var data = new TempDirectory("acme-data");
        using var otherData = new TempDirectory("acme-data");
        await using var pebble = new PebbleServer(new PebbleOptions { ExternalAccountMacKeys = new Dictionary<string, string> { [KeyId] = MacKey } });

        var bound = AcmeTestHost.SettingsFor(pebble, data.Path, "http-01");
        bound["Acme:ExternalAccountKeyId"] = KeyId;
        bound["Acme:ExternalAccountHmacKey"] = MacKey;
        await using var host = await AcmeTestHost.StartAsync(bound);
        await pebble.StartAsync(host.HttpPort, host.HttpsPort);

        Assert.True(host.Registry.TryRegister(["eab.example.test"], out _));
        var status = await host.WaitForOutcomeAsync(["eab.example.test"]);
        Assert.True(status.State == "valid", $"{status}\n{pebble.Log}");

        await using var unbound = await AcmeTestHost.StartAsync(AcmeTestHost.SettingsFor(pebble, otherData.Path, "http-01"));
        Assert.True(unbound.Registry.TryRegister(["no-eab.example.test"], out _));
        var refused = await unbound.WaitForOutcomeAsync(["no-eab.example.test"]);
        Assert.Equal("failing", refused.State);
        Assert.Equal("urn:ietf:params:acme:error:externalAccountRequired", refused.LastProblem?.Type);
        Assert.Contains("Acme:ExternalAccountKeyId", refused.LastError, StringComparison.Ordinal);

        // The MAC key never reaches the logs.
        Assert.DoesNotContain(TestLoggerProvider.Lines, l => l.Contains(MacKey, StringComparison.Ordinal));
    }
}
