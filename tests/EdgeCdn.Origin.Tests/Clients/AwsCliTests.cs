using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3.Model;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Origin.Tests.Clients;

/// <summary>
/// The real aws CLI v2 (Debian's awscli, /usr/bin/aws, installed by scripts/test.sh) against the origin, with only the
/// endpoint changed: mb, a 40 MiB cp (multipart), sync of a nested tree up and back down, ls --recursive, presign
/// then curl, s3api head-object, rm --recursive. The CLI runs with its own HOME and config, credentials from the
/// environment.
/// </summary>
public sealed class AwsCliTests : IAsyncLifetime
{
    private const long MiB = 1024 * 1024;
    private OriginServer _server = null!;
    private AwsCli _cli = null!;
    private TempDirectory _work = null!;

    public async Task InitializeAsync()
    {
        _server = await OriginServer.StartAsync();
        _cli = new AwsCli(_server.BaseUri);
        _work = _cli.Work;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task AwsCli_MbCpSyncLsPresignHeadRm_AllWork()
    {

        // mb
        var mb = await _cli.RunAsync("s3", "mb", "s3://cli-bucket");
        Assert.Contains("make_bucket: cli-bucket", mb, StringComparison.Ordinal);

        // cp of 40 MiB: above the CLI's 8 MiB multipart threshold, so five parts.
        var big = _work.Combine("big.bin");
        await using (var file = File.Create(big))
        {
            await new GeneratedStream(40 * MiB, 40).CopyToAsync(file);
        }

        await _cli.RunAsync("s3", "cp", big, "s3://cli-bucket/big.bin");
        using var s3 = _server.Client();
        var bigHead = await s3.GetObjectMetadataAsync("cli-bucket", "big.bin");
        Assert.Equal(40 * MiB, bigHead.ContentLength);
        Assert.EndsWith("-5\"", bigHead.ETag, StringComparison.Ordinal);
        using (var got = await s3.GetObjectAsync("cli-bucket", "big.bin"))
        {
            Assert.Equal(-1, await GeneratedStream.FirstDifferenceAsync(got.ResponseStream, 40, 0, 40 * MiB));
        }

        // sync a nested tree up, then down into another folder: identical trees.
        var tree = _work.Combine("tree");
        var files = new Dictionary<string, byte[]>
        {
            ["a.txt"] = "alpha\n"u8.ToArray(),
            ["sub/b.txt"] = "beta\n"u8.ToArray(),
            ["sub/deeper/c.bin"] = GeneratedStream.Bytes(300_000, 3),
            ["sub/deeper/deepest/d.json"] = "{\"d\":4}"u8.ToArray(),
            ["with space/ü ñ.txt"] = "unicode name\n"u8.ToArray(),
            ["empty.txt"] = [],
        };
        foreach (var (path, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(tree, path))!);
            await File.WriteAllBytesAsync(Path.Combine(tree, path), content);
        }

        var up = await _cli.RunAsync("s3", "sync", tree, "s3://cli-bucket/tree/");
        Assert.Equal(files.Count, Occurrences(up, "upload: "));
        var back = _work.Combine("back");
        await _cli.RunAsync("s3", "sync", "s3://cli-bucket/tree/", back);
        foreach (var (path, content) in files)
        {
            Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(back, path)));
        }

        Assert.Equal(files.Count, Directory.EnumerateFiles(back, "*", SearchOption.AllDirectories).Count());
        var again = await _cli.RunAsync("s3", "sync", tree, "s3://cli-bucket/tree/");
        Assert.DoesNotContain("upload:", again, StringComparison.Ordinal);

        // ls --recursive
        var ls = await _cli.RunAsync("s3", "ls", "--recursive", "s3://cli-bucket");
        foreach (var key in files.Keys.Select(p => "tree/" + p).Append("big.bin"))
        {
            Assert.Contains(key, ls, StringComparison.Ordinal);
        }

        Assert.Contains($"{40 * MiB} big.bin", ls, StringComparison.Ordinal);

        // presign, then a plain curl
        var url = (await _cli.RunAsync("s3", "presign", "s3://cli-bucket/tree/sub/deeper/c.bin", "--expires-in", "300")).Trim();
        Assert.StartsWith(_server.BaseUri.ToString().TrimEnd('/') + "/cli-bucket/tree/sub/deeper/c.bin?", url, StringComparison.Ordinal);
        var downloaded = _work.Combine("curl.bin");
        using (var curl = ChildProcess.Start("curl", ["--silent", "--show-error", "--fail", "--output", downloaded, url]))
        {
            Assert.Equal(0, await curl.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        }
        Assert.Equal(files["sub/deeper/c.bin"], await File.ReadAllBytesAsync(downloaded));

        // s3api head-object
        var head = JsonDocument.Parse(await _cli.RunAsync("s3api", "head-object", "--bucket", "cli-bucket", "--key", "tree/a.txt")).RootElement;
        Assert.Equal(6, head.GetProperty("ContentLength").GetInt64());
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(files["a.txt"]))}\"", head.GetProperty("ETag").GetString());

        // rm --recursive
        var rm = await _cli.RunAsync("s3", "rm", "--recursive", "s3://cli-bucket/tree/");
        Assert.Equal(files.Count, Occurrences(rm, "delete: "));
        var left = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "cli-bucket" });
        Assert.Equal(["big.bin"], left.S3Objects.Select(o => o.Key));
    }

    // The CLI interleaves progress lines ending in '\r' with its result lines.
    private static int Occurrences(string output, string word) => output.Split(word).Length - 1;
}
