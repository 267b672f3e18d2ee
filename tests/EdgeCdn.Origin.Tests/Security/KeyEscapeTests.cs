using Amazon.S3.Model;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Origin.Tests.Security;

/// <summary>
/// Keys that would escape a naive file-per-key store ('..', absolute paths, backslashes, percent-encoded dot
/// segments) are ordinary keys here: they are stored under their literal names in the metadata, their data goes to
/// randomly named blobs, and nothing is ever written outside the data directory. Keys that cannot be represented
/// (NUL, invalid UTF-8) are refused with InvalidURI; unsigned attempts never get that far (AccessDenied).
/// </summary>
public sealed class KeyEscapeTests : IAsyncLifetime
{
    private const string Bucket = "escape";
    private readonly string _marker = "escape-" + Guid.NewGuid().ToString("N");
    private TempDirectory _root = null!;
    private OriginServer _server = null!;

    public async Task InitializeAsync()
    {
        // The data directory sits two levels below a root that the test inspects completely afterwards.
        _root = new TempDirectory("edgecdn-escape");
        Directory.CreateDirectory(_root.Combine("outside"));
        _server = await OriginServer.StartAsync(dataDirectory: _root.Combine("deep", "data"));
        using var s3 = _server.Client();
        await s3.PutBucketAsync(Bucket);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _root.Dispose();
    }

    public static TheoryData<string, string> EscapingPaths => new()
    {
        { "/escape/../../../../../../../../tmp/{m}", "../../../../../../../../tmp/{m}" },
        { "/escape/..%2F..%2F..%2Foutside%2F{m}", "../../../outside/{m}" },
        { "/escape/%2E%2E/%2E%2E/%2E%2E/outside/{m}", "../../../outside/{m}" },
        { "/escape//tmp/{m}", "/tmp/{m}" },
        { "/escape/%2Ftmp%2F{m}", "/tmp/{m}" },
        { "/escape/..%5C..%5C..%5Coutside%5C{m}", "..\\..\\..\\outside\\{m}" },
        { "/escape/C:%5CWindows%5C{m}", "C:\\Windows\\{m}" },
        { "/escape/./././{m}", "./././{m}" },
        { "/escape/%252e%252e%252f{m}", "%2e%2e%2f{m}" },
        { "/escape/blobs/../meta/origin.db-{m}", "blobs/../meta/origin.db-{m}" },
    };

    [Theory]
    [MemberData(nameof(EscapingPaths))]
    public async Task EscapingKeys_AreStoredLiterally_AndNothingLandsOutsideTheDataDirectory(string rawPath, string literalKey)
    {
        rawPath = rawPath.Replace("{m}", _marker, StringComparison.Ordinal);
        literalKey = literalKey.Replace("{m}", _marker, StringComparison.Ordinal);
        var body = System.Text.Encoding.UTF8.GetBytes("payload for " + literalKey);

        var put = await RawSigned.SendAsync(_server.BaseUri, "PUT", rawPath, body: body);
        var get = await RawSigned.SendAsync(_server.BaseUri, "GET", rawPath);
        using var s3 = _server.Client();
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket });

        Assert.Equal(200, put.StatusCode);
        Assert.Equal(200, get.StatusCode);
        Assert.Equal(body, get.Body);
        Assert.Contains(literalKey, listed.S3Objects.Select(o => o.Key));
        if (!literalKey.StartsWith('/'))
        {
            // (The .NET SDK cannot address keys with a leading '/': it signs "//key" but sends "/key".)
            using var viaSdk = await s3.GetObjectAsync(Bucket, literalKey);
            Assert.Equal(body, await S3Assert.BytesAsync(viaSdk));
        }

        AssertNothingOutsideTheDataDirectory();
    }

    [Theory]
    [InlineData("/escape/%FF%FE")]
    [InlineData("/escape/overlong%C0%AFslash")]
    [InlineData("/escape/lone%ED%A0%80surrogate")]
    public async Task UnrepresentableKeys_InvalidURI(string rawPath)
    {
        var put = await RawSigned.SendAsync(_server.BaseUri, "PUT", rawPath, body: "x"u8.ToArray());

        Assert.Equal(400, put.StatusCode);
        Assert.Contains("<Code>InvalidURI</Code>", put.BodyText, StringComparison.Ordinal);
        AssertNothingOutsideTheDataDirectory();
    }

    [Fact]
    public async Task NulInThePath_KestrelRefusesTheRequestLine_NothingStored()
    {
        // Kestrel rejects a request target that decodes to NUL before any application code runs: a bare 400
        // without an S3 error document (the one failure that is not one).
        var put = await RawSigned.SendAsync(_server.BaseUri, "PUT", "/escape/nul%00byte", body: "x"u8.ToArray());
        using var s3 = _server.Client();
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "nul" });

        Assert.Equal(400, put.StatusCode);
        Assert.Empty(listed.S3Objects ?? []);
        AssertNothingOutsideTheDataDirectory();
    }

    [Fact]
    public async Task UnsignedEscapeAttempts_AccessDeniedBeforeAnythingElse()
    {
        foreach (var target in new[] { $"/escape/../../outside/{_marker}", "/escape/%FF%FE", "/escape/" + new string('k', 2000), "/../../etc/passwd" })
        {
            var response = await RawHttp.SendAsync(_server.BaseUri, "PUT", target, [], "x"u8.ToArray());

            Assert.Equal(403, response.StatusCode);
            Assert.Contains("<Code>AccessDenied</Code>", response.BodyText, StringComparison.Ordinal);
        }

        AssertNothingOutsideTheDataDirectory();
    }

    [Fact]
    public async Task TraversalInTheBucketPart_NoSuchBucket_NeverAFile()
    {
        foreach (var (path, target) in new[]
                 {
                     ("/../../etc/passwd", "/../../etc/passwd"),
                     ("/..%2F..%2Fetc/passwd", "/..%2F..%2Fetc/passwd"),
                     ("/%2E%2E/meta/origin.db", "/%2E%2E/meta/origin.db"),
                 })
        {
            var response = await RawSigned.SendAsync(_server.BaseUri, "GET", path, target: target);

            Assert.Equal(404, response.StatusCode);
            Assert.Contains("<Code>NoSuchBucket</Code>", response.BodyText, StringComparison.Ordinal);
            Assert.DoesNotContain("root:", response.BodyText, StringComparison.Ordinal);
            Assert.DoesNotContain("SQLite", response.BodyText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AbsoluteFormTarget_IsTheSameKeyAsItsPath()
    {
        var path = $"/escape/../../absolute-{_marker}";
        var put = await RawSigned.SendAsync(_server.BaseUri, "PUT", path, body: "absolute"u8.ToArray(), target: $"http://{_server.BaseUri.Authority}{path}");
        using var s3 = _server.Client();
        using var got = await s3.GetObjectAsync(Bucket, $"../../absolute-{_marker}");

        Assert.Equal(200, put.StatusCode);
        Assert.Equal("absolute", await S3Assert.TextAsync(got));
        AssertNothingOutsideTheDataDirectory();
    }

    [Fact]
    public async Task KeyLength_1024BytesAccepted_1025KeyTooLongError()
    {
        var ok = await RawSigned.SendAsync(_server.BaseUri, "PUT", "/escape/" + new string('a', 1024), body: "x"u8.ToArray());
        var tooLong = await RawSigned.SendAsync(_server.BaseUri, "PUT", "/escape/" + new string('a', 1025), body: "x"u8.ToArray());
        var tooLongEncoded = await RawSigned.SendAsync(_server.BaseUri, "PUT", "/escape/" + string.Concat(Enumerable.Repeat("%C3%A9", 513)), body: "x"u8.ToArray());

        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(400, tooLong.StatusCode);
        Assert.Contains("<Code>KeyTooLongError</Code>", tooLong.BodyText, StringComparison.Ordinal);
        Assert.Equal(400, tooLongEncoded.StatusCode);
        Assert.Contains("<Code>KeyTooLongError</Code>", tooLongEncoded.BodyText, StringComparison.Ordinal);
        using var s3 = _server.Client();
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "aaaa" });
        Assert.Equal(new string('a', 1024), Assert.Single(listed.S3Objects).Key);
    }

    /// <summary>
    /// Every file under the test root is inside the data directory, in the places the origin writes (blob files
    /// with random 32-hex names, the metadata database, the master key of encryption at rest), and no file anywhere is named after
    /// a key; naive join-the-key targets do not exist.
    /// </summary>
    private void AssertNothingOutsideTheDataDirectory()
    {
        var data = Path.GetFullPath(_server.DataDirectory) + Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFiles(_root.Path, "*", SearchOption.AllDirectories))
        {
            var full = Path.GetFullPath(file);
            Assert.StartsWith(data, full, StringComparison.Ordinal);
            var relative = full[data.Length..];
            Assert.True(
                System.Text.RegularExpressions.Regex.IsMatch(relative, "^(blobs/[0-9a-f]{2}/[0-9a-f]{32}|meta/origin\\.db(-wal|-shm|-journal)?|tmp/[0-9a-f]{32}\\.part|trash/[0-9a-f]{32}|master\\.key)$"),
                $"unexpected file {relative}");
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.Combine("outside")));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), _marker)));
        Assert.False(File.Exists("/tmp/" + _marker));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetTempPath(), "*" + _marker + "*"));
    }
}
