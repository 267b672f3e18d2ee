using EdgeCdn.Acme.Protocol;
using EdgeCdn.Acme.Storage;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Acme.Tests.Storage;

public sealed class AccountStoreTests
{
    [Fact]
    public async Task SaveAndLoad_KeyOwnerOnly_PerDirectoryUrl()
    {
        using var data = new TempDirectory("acme-accounts");
        var store = new AccountStore(data.Path);
        var production = new Uri("https://acme-v02.api.letsencrypt.org/directory");
        var staging = new Uri("https://acme-staging-v02.api.letsencrypt.org/directory");
        using var key = AccountKey.Create();

        await store.SaveKeyAsync(production, key, CancellationToken.None);
        var (loadedKey, url) = await store.LoadAsync(production, CancellationToken.None);
        await store.SaveAccountUrlAsync(production, "https://acme-v02.api.letsencrypt.org/acme/acct/1", CancellationToken.None);
        var (_, savedUrl) = await store.LoadAsync(production, CancellationToken.None);
        var (stagingKey, _) = await store.LoadAsync(staging, CancellationToken.None);

        using (loadedKey)
        {
            Assert.Equal(key.Thumbprint, loadedKey!.Thumbprint);
        }

        Assert.Null(url);
        Assert.Equal("https://acme-v02.api.letsencrypt.org/acme/acct/1", savedUrl);
        Assert.Null(stagingKey);
        var keyFile = Path.Combine(store.DirectoryFor(production), "account-key.pem");
        Assert.StartsWith("acme-v02.api.letsencrypt.org-", Path.GetFileName(store.DirectoryFor(production)), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }
}
