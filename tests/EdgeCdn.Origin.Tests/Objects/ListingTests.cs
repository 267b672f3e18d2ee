using System.Text;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeCdn.Origin.Tests.Objects;

/// <summary>2,500 keys written once, then listed every way the SDK can: ListObjectsV2 with and without delimiter,
/// paginated by max-keys and continuation tokens, start-after, prefixes, fetch-owner, encoding-type=url; ListObjects v1
/// with markers.</summary>
public sealed class ListingTests : IClassFixture<ListingTests.Keys>
{
    private readonly Keys _keys;

    public ListingTests(Keys keys)
    {
        _keys = keys;
    }

    [Fact]
    public async Task ListV2_AllKeysInPagesOfAThousand_InByteOrder()
    {
        var pages = new List<ListObjectsV2Response>();
        string? token = null;
        do
        {
            var page = await _keys.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _keys.Bucket, ContinuationToken = token });
            pages.Add(page);
            token = page.NextContinuationToken;
        }
        while (pages[^1].IsTruncated == true);

        Assert.Equal([1000, 1000, 500], pages.Select(p => p.KeyCount ?? 0));
        Assert.Equal([true, true, false], pages.Select(p => p.IsTruncated == true));
        Assert.Equal(_keys.All, pages.SelectMany(p => p.S3Objects).Select(o => o.Key));
    }

    [Fact]
    public async Task ListV2_DelimiterAtRoot_PaginatesPrefixesAndKeysWithoutDuplicates()
    {
        var keys = new List<string>();
        var prefixes = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _keys.S3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = _keys.Bucket, Delimiter = "/", MaxKeys = 100, ContinuationToken = token,
            });
            Assert.True((page.S3Objects?.Count ?? 0) + (page.CommonPrefixes?.Count ?? 0) <= 100);
            keys.AddRange(page.S3Objects?.Select(o => o.Key) ?? []);
            prefixes.AddRange(page.CommonPrefixes ?? []);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(["a/", "b/"], prefixes);
        Assert.Equal(_keys.All.Where(k => !k.Contains('/', StringComparison.Ordinal)), keys);
        Assert.Equal(6, pages); // 502 entries, 100 a page
    }

    [Fact]
    public async Task ListV2_PrefixAndDelimiter_GroupsTheNextLevel()
    {
        var level = await _keys.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _keys.Bucket, Prefix = "b/", Delimiter = "/" });
        var leaf = await _keys.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _keys.Bucket, Prefix = "b/07/", Delimiter = "/" });

        Assert.Equal(Enumerable.Range(0, 20).Select(j => $"b/{j:D2}/"), level.CommonPrefixes);
        Assert.Empty(level.S3Objects ?? []);
        Assert.Equal(Enumerable.Range(0, 50).Select(k => $"b/07/{k:D2}"), leaf.S3Objects.Select(o => o.Key));
        Assert.Empty(leaf.CommonPrefixes ?? []);
    }

    [Fact]
    public async Task ListV2_StartAfterAndMaxKeysAndFetchOwner()
    {
        var page = await _keys.S3.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = _keys.Bucket, StartAfter = "a/0499", MaxKeys = 3, FetchOwner = true,
        });
        var withoutOwner = await _keys.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _keys.Bucket, MaxKeys = 1 });

        Assert.Equal(["a/0500", "a/0501", "a/0502"], page.S3Objects.Select(o => o.Key));
        Assert.True(page.IsTruncated);
        Assert.All(page.S3Objects, o => Assert.Equal("root", o.Owner.DisplayName));
        Assert.All(page.S3Objects, o => Assert.Equal(7, o.Size));
        Assert.Null(Assert.Single(withoutOwner.S3Objects).Owner);
    }

    [Fact]
    public async Task ListV1_MarkersWithDelimiter_WalkEverything()
    {
        var keys = new List<string>();
        var prefixes = new List<string>();
        string? marker = null;
        ListObjectsResponse page;
        do
        {
            page = await _keys.S3.ListObjectsAsync(new ListObjectsRequest { BucketName = _keys.Bucket, Prefix = "b/", Delimiter = "/", MaxKeys = 7, Marker = marker });
            keys.AddRange(page.S3Objects?.Select(o => o.Key) ?? []);
            prefixes.AddRange(page.CommonPrefixes ?? []);
            marker = page.NextMarker;
        }
        while (page.IsTruncated == true);

        Assert.Empty(keys);
        Assert.Equal(Enumerable.Range(0, 20).Select(j => $"b/{j:D2}/"), prefixes);

        var flat = new List<string>();
        marker = null;
        do
        {
            page = await _keys.S3.ListObjectsAsync(new ListObjectsRequest { BucketName = _keys.Bucket, Prefix = "a/", MaxKeys = 400, Marker = marker });
            flat.AddRange(page.S3Objects.Select(o => o.Key));
            marker = page.S3Objects[^1].Key;
        }
        while (page.IsTruncated == true);

        Assert.Equal(_keys.All.Where(k => k.StartsWith("a/", StringComparison.Ordinal)), flat);
    }

    [Fact]
    public async Task ListV2_EncodingTypeUrl_EncodesKeysReversibly()
    {
        var special = new[] { "enc/a b+c.txt", "enc/ü/ñ.txt", "enc/ctl\u0001char" };
        foreach (var key in special)
        {
            await _keys.S3.PutObjectAsync(new PutObjectRequest { BucketName = _keys.SpecialBucket, Key = key, ContentBody = "x" });
        }

        // The .NET SDK hands encoded keys back as they came; decoding them (form-style: '+' is a space) gives the keys.
        var encoded = await _keys.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _keys.SpecialBucket, Prefix = "enc/", Encoding = EncodingType.Url });
        using var http = new HttpClient();
        using var raw = await SignedHttp.SendAsync(http, HttpMethod.Get, new Uri(_keys.Server.BaseUri, $"/{_keys.SpecialBucket}?list-type=2&prefix=enc%2F&encoding-type=url"));
        var xml = XDocument.Parse(await raw.Content.ReadAsStringAsync());
        XNamespace ns = "http://s3.amazonaws.com/doc/2006-03-01/";

        Assert.Equal(special.OrderBy(k => Encoding.UTF8.GetBytes(k), ByteOrder.Instance),
            encoded.S3Objects.Select(o => Uri.UnescapeDataString(o.Key.Replace('+', ' '))));
        Assert.Equal(["enc/a+b%2Bc.txt", "enc/ctl%01char", "enc/%C3%BC/%C3%B1.txt"], xml.Descendants(ns + "Key").Select(k => k.Value));
        Assert.Equal("url", xml.Root!.Element(ns + "EncodingType")!.Value);
    }

    [Fact]
    public async Task ListV2_WithoutEncoding_ControlCharactersAreCharacterReferences()
    {
        await _keys.S3.PutObjectAsync(new PutObjectRequest { BucketName = _keys.SpecialBucket, Key = "raw/bell\u0007", ContentBody = "x" });
        using var http = new HttpClient();
        using var raw = await SignedHttp.SendAsync(http, HttpMethod.Get, new Uri(_keys.Server.BaseUri, $"/{_keys.SpecialBucket}?list-type=2&prefix=raw%2F"));

        var text = await raw.Content.ReadAsStringAsync();

        Assert.Contains("<Key>raw/bell&#x7;</Key>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListV2_BadArguments_InvalidArgument()
    {
        await S3Assert.FailsAsync("InvalidArgument", System.Net.HttpStatusCode.BadRequest, () =>
            _keys.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _keys.Bucket, ContinuationToken = "not-a-token" }));
        await S3Assert.FailsAsync("InvalidArgument", System.Net.HttpStatusCode.BadRequest, () =>
            _keys.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _keys.Bucket, MaxKeys = -1 }));
    }

    /// <summary>The listing bucket: a/0000..0999, b/00/00..b/19/49, c000..c499 (2,500 keys of 7 bytes).</summary>
    public sealed class Keys : IAsyncLifetime
    {
        public OriginServer Server { get; private set; } = null!;

        public AmazonS3Client S3 { get; private set; } = null!;

        public string Bucket { get; } = "listing";

        public string SpecialBucket { get; } = "listing-special";

        public List<string> All { get; } = [];

        public async Task InitializeAsync()
        {
            Server = await OriginServer.StartAsync();
            S3 = Server.Client();
            await S3.PutBucketAsync(Bucket);
            await S3.PutBucketAsync(SpecialBucket);
            All.AddRange(Enumerable.Range(0, 1000).Select(i => $"a/{i:D4}"));
            All.AddRange(from j in Enumerable.Range(0, 20) from k in Enumerable.Range(0, 50) select $"b/{j:D2}/{k:D2}");
            All.AddRange(Enumerable.Range(0, 500).Select(i => $"c{i:D3}"));
            await Parallel.ForEachAsync(All, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, ct) =>
                await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = "content" }, ct));
            All.Sort(StringComparer.Ordinal);
        }

        public async Task DisposeAsync()
        {
            S3.Dispose();
            await Server.DisposeAsync();
        }
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
