using EdgeCdn.Acme.Storage;
using EdgeCdn.Acme.Tls;
using EdgeCdn.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCdn.Acme.Tests.Storage;

public sealed class FileCertificateStoreTests
{
    [Fact]
    public async Task Save_OwnerOnlyFileInOwnerOnlyDirectory_NoTemporaryLeftBehind_LoadsBack()
    {
        using var data = new TempDirectory("acme-store");
        var store = new FileCertificateStore(data.Combine("certificates"), NullLogger<FileCertificateStore>.Instance);
        var certificate = TestCertificates.SelfSigned("a.example.test", moreNames: "www.a.example.test");

        await store.SaveAsync(certificate, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(data.Combine("certificates"), "*", SearchOption.AllDirectories));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data.Combine("certificates")));
        }

        var loaded = Assert.Single(await store.LoadAllAsync(CancellationToken.None));
        Assert.Equal(["a.example.test", "www.a.example.test"], loaded.Names);
        Assert.Equal(certificate.PrivateKeyPem.Trim(), loaded.PrivateKeyPem.Trim());
        Assert.Equal(certificate.CertificateChainPem.Trim(), loaded.CertificateChainPem.Trim());
        using var served = ServedCertificate.FromStored(loaded);
        Assert.True(served.Leaf.HasPrivateKey);
    }

    [Fact]
    public async Task Save_SameNameSetInAnyOrder_ReplacesTheOneFile()
    {
        using var data = new TempDirectory("acme-store");
        var store = new FileCertificateStore(data.Path, NullLogger<FileCertificateStore>.Instance);
        var first = TestCertificates.SelfSigned("a.example.test", moreNames: "b.example.test");
        var second = TestCertificates.SelfSigned("a.example.test", moreNames: "b.example.test");

        await store.SaveAsync(first, CancellationToken.None);
        await store.SaveAsync(second, CancellationToken.None);

        Assert.Single(Directory.GetFiles(data.Path));
        Assert.Equal(store.PathFor(["a.example.test", "b.example.test"]), store.PathFor(["b.example.test", "a.example.test"]));
        Assert.Equal(second.CertificateChainPem.Trim(), Assert.Single(await store.LoadAllAsync(CancellationToken.None)).CertificateChainPem.Trim());
    }

    [Fact]
    public async Task LoadAll_UnreadableFilesSkipped_OthersLoaded()
    {
        using var data = new TempDirectory("acme-store");
        var store = new FileCertificateStore(data.Path, NullLogger<FileCertificateStore>.Instance);
        await store.SaveAsync(TestCertificates.SelfSigned("good.example.test"), CancellationToken.None);
        await File.WriteAllTextAsync(data.Combine("garbage.pem"), "not a pem");
        await File.WriteAllTextAsync(data.Combine("cert-only.pem"), TestCertificates.SelfSigned("x.example.test").CertificateChainPem);
        await File.WriteAllTextAsync(data.Combine(".half-written.pem.0123.tmp"), "-----BEGIN PRIVATE KEY-----");

        var loaded = Assert.Single(await store.LoadAllAsync(CancellationToken.None));
        Assert.Equal(["good.example.test"], loaded.Names);
    }

    [Fact]
    public async Task Selector_StoredKeyNotMatchingTheCertificate_SkippedOthersServed()
    {
        using var data = new TempDirectory("acme-store");
        var store = new FileCertificateStore(data.Path, NullLogger<FileCertificateStore>.Instance);
        var good = TestCertificates.SelfSigned("good.example.test");
        var other = TestCertificates.SelfSigned("bad.example.test");
        await store.SaveAsync(good, CancellationToken.None);
        await store.SaveAsync(new StoredCertificate(["bad.example.test"], other.CertificateChainPem, good.PrivateKeyPem), CancellationToken.None);
        using var selector = new CertificateSelector(store, TimeProvider.System, NullLogger<CertificateSelector>.Instance);

        await selector.EnsureLoadedAsync(CancellationToken.None);

        Assert.Equal(["good.example.test"], Assert.Single(selector.All).Names);
        Assert.Same(selector.Fallback, selector.Select("bad.example.test"));
        Assert.Equal(["good.example.test"], selector.Select("GOOD.example.test.").Names);
    }

    [Fact]
    public void StoredCertificate_ToString_NeverShowsTheKey()
    {
        var certificate = TestCertificates.SelfSigned("a.example.test");
        Assert.Equal("certificate for a.example.test", certificate.ToString());
    }
}
