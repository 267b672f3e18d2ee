using System.Security.Cryptography;
using EdgeCdn.Cli.Deploy;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Cli.Tests.Deploy;

public sealed class LocalSiteScannerTests
{
    [Fact]
    public async Task Scan_NestedFolder_RelativeKeysAndSinglePartMd5()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("assets"));
        await File.WriteAllTextAsync(temp.Combine("index.html"), "<h1>hi</h1>");
        await File.WriteAllBytesAsync(temp.Combine("assets", "a.js"), [1, 2, 3]);

        var files = await LocalSiteScanner.ScanAsync(temp.Path, CancellationToken.None);

        Assert.Equal(["assets/a.js", "index.html"], files.Select(f => f.RelativePath));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData([1, 2, 3])), files[0].ETag);
    }

    [Fact]
    public async Task ETag_AboveMultipartThreshold_IsMd5OfPartMd5sWithCount()
    {
        using var temp = new TempDirectory();
        var data = new byte[(int)(LocalSiteScanner.PartSize * 2) + 1000];
        new Random(1).NextBytes(data);
        var path = temp.Combine("big.bin");
        await File.WriteAllBytesAsync(path, data);

        var etag = await LocalSiteScanner.ETagAsync(path, data.Length, CancellationToken.None);

        var part = (int)LocalSiteScanner.PartSize;
        var concatenated = MD5.HashData(data.AsSpan(0, part)).Concat(MD5.HashData(data.AsSpan(part, part))).Concat(MD5.HashData(data.AsSpan(2 * part))).ToArray();
        Assert.Equal($"{Convert.ToHexStringLower(MD5.HashData(concatenated))}-3", etag);
    }
}
