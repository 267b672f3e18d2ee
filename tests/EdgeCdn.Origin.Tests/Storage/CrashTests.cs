using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Amazon.S3;
using Amazon.S3.Model;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Origin.Tests.Storage;

/// <summary>
/// kill -9 in the middle of a stream of uploads: the origin runs as a child process, four writers PUT objects of
/// various sizes through the AWS SDK while a fifth has sent half of a 16 MiB body; SIGKILL; restart on the same data.
/// Every acknowledged object must read back byte for byte; nothing half-written may be listed or readable; the
/// temporary files of the interrupted uploads are gone and no blob is left without metadata.
/// </summary>
public sealed partial class CrashTests
{
    [Fact]
    public async Task KillDashNineDuringPuts_AcknowledgedObjectsSurvive_HalfWrittenOnesNeverAppear()
    {
        using var data = new TempDirectory("edgecdn-crash");
        var dataDirectory = data.Combine("data");
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var halfKey = "half/unfinished-16777216-999";

        using (var first = await HostProcess.StartAsync(dataDirectory))
        {
            using var s3 = first.Client();
            await s3.PutBucketAsync("crash");
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() => WriteUntilStoppedAsync(s3, w, acknowledged, stop.Token))).ToList();

            // The fifth upload sends 8 of its 16 MiB and then stalls, so the kill lands in the middle of its body.
            var halfSent = new TaskCompletionSource();
            var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
            {
                BucketName = "crash", Key = halfKey, Verb = HttpVerb.PUT, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP,
            });
            using var http = new HttpClient();
            var half = Task.Run(async () =>
            {
                using var content = new StreamContent(new StallingStream(new GeneratedStream(16 << 20, 999), 8 << 20, halfSent, stop.Token));
                content.Headers.ContentLength = 16 << 20;
                using var response = await http.PutAsync(url, content, stop.Token);
                return response.StatusCode;
            });

            await halfSent.Task.WaitAsync(TimeSpan.FromSeconds(60));
            while (acknowledged.Count < 40)
            {
                await Task.Delay(20);
            }

            Assert.NotEmpty(Directory.GetFiles(Path.Combine(dataDirectory, "tmp")));
            first.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
            await half.ContinueWith(_ => { }, TaskScheduler.Default);
            Assert.True(first.Process.HasExited);
        }

        using var second = await HostProcess.StartAsync(dataDirectory);
        using var after = second.Client();
        var listed = new List<S3Object>();
        string? token = null;
        do
        {
            var page = await after.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "crash", ContinuationToken = token });
            listed.AddRange(page.S3Objects ?? []);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        Assert.Empty(Directory.GetFiles(Path.Combine(dataDirectory, "tmp")));
        Assert.DoesNotContain(listed, o => o.Key == halfKey);
        await S3Assert.FailsAsync("NoSuchKey", HttpStatusCode.NotFound, () => after.GetObjectAsync("crash", halfKey));
        Assert.Superset(acknowledged.Keys.ToHashSet(), listed.Select(o => o.Key).ToHashSet());

        // Everything listed (acknowledged, or committed just before the kill without its answer getting out) is whole.
        foreach (var o in listed)
        {
            var (size, seed) = SizeAndSeed(o.Key);
            Assert.Equal(size, o.Size);
            using var got = await after.GetObjectAsync("crash", o.Key);
            Assert.Equal(-1, await GeneratedStream.FirstDifferenceAsync(got.ResponseStream, seed, 0, size));
        }

        // The start-up sweep removes blob files that no metadata names; eventually one blob per object remains.
        var blobs = Path.Combine(dataDirectory, "blobs");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Count() != listed.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(listed.Count, Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Count());
    }

    private static async Task WriteUntilStoppedAsync(AmazonS3Client s3, int writer, ConcurrentDictionary<string, bool> acknowledged, CancellationToken stop)
    {
        var random = new Random(writer);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var size = random.Next(4) switch { 0 => random.Next(0, 1024), 1 => random.Next(1024, 64 * 1024), 2 => random.Next(64 * 1024, 1 << 20), _ => random.Next(1 << 20, 3 << 20) };
            var seed = (writer * 100_000) + n;
            var key = $"w{writer}/{n:D5}-{size}-{seed}";
            try
            {
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "crash", Key = key, InputStream = new GeneratedStream(size, seed) }, stop);
                acknowledged[key] = true;
            }
            catch (Exception) when (stop.IsCancellationRequested || true)
            {
                return;
            }
        }
    }

    private static (long Size, int Seed) SizeAndSeed(string key)
    {
        var match = KeyPattern().Match(key);
        Assert.True(match.Success, key);
        return (long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"-(\d+)-(\d+)$")]
    private static partial Regex KeyPattern();

    /// <summary>Passes the first <c>limit</c> bytes through, signals, then blocks until cancelled.</summary>
    private sealed class StallingStream(Stream inner, long limit, TaskCompletionSource reached, CancellationToken stop) : Stream
    {
        private long _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => _sent; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent >= limit)
            {
                reached.TrySetResult();
                await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(stop, cancellationToken).Token);
            }

            var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, limit - _sent)], cancellationToken);
            _sent += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
