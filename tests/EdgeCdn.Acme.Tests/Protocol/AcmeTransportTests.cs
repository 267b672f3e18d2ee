using System.Buffers.Text;
using System.Diagnostics;
using System.Text.Json;
using EdgeCdn.Acme.Protocol;
using EdgeCdn.TestCommon;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCdn.Acme.Tests.Protocol;

/// <summary>
/// The transport's shared error paths against a scripted ACME server on real Kestrel: the paths pebble does not
/// produce on demand (rateLimited with and without Retry-After, 5xx) and the exact shape of the badNonce retry.
/// </summary>
public sealed class AcmeTransportTests : IAsyncLifetime
{
    private RecordingHttpServer _server = null!;
    private int _nonce;

    /// <summary>Answers for POST /target, in order; the last one repeats.</summary>
    private readonly Queue<Func<HttpResponse, Task>> _answers = new();

    public async Task InitializeAsync()
    {
        _server = await RecordingHttpServer.StartAsync();
        _server.Respond = async (request, response) =>
        {
            response.Headers["Replay-Nonce"] = $"nonce-{Interlocked.Increment(ref _nonce)}";
            switch (request.RawPath)
            {
                case "/dir":
                    response.ContentType = "application/json";
                    await response.WriteAsync($$"""{"newNonce":"{{_server.BaseUri}}nonce","newAccount":"{{_server.BaseUri}}acct","newOrder":"{{_server.BaseUri}}order"}""");
                    break;
                case "/nonce":
                    response.StatusCode = 200;
                    break;
                default:
                    var answer = _answers.Count > 1 ? _answers.Dequeue() : _answers.Peek();
                    await answer(response);
                    break;
            }
        };
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Post_BadNonce_ResentOnceWithTheNonceTheErrorCarried()
    {
        _answers.Enqueue(Problem(400, "badNonce", retryAfter: null));
        _answers.Enqueue(Ok);
        using var transport = CreateTransport();
        using var key = AccountKey.Create();

        var response = await transport.PostAsync(_server.BaseUri + "target", key, "https://ca/acct/1", "{}"u8.ToArray(), CancellationToken.None);

        Assert.Equal(201, response.StatusCode);
        var posts = _server.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, posts.Count);
        // The badNonce answer carried the Replay-Nonce the resend must use (the server numbers every answer).
        var errorAnswerNonce = int.Parse(NonceOf(posts[0])["nonce-".Length..], System.Globalization.CultureInfo.InvariantCulture) + 1;
        Assert.Equal($"nonce-{errorAnswerNonce}", NonceOf(posts[1]));
        Assert.All(posts, p => Assert.Equal("application/jose+json", p.GetHeader("Content-Type")));
        Assert.Single(_server.Requests, r => r.Method == "HEAD");
    }

    [Fact]
    public async Task Post_RateLimitedWithShortRetryAfter_WaitsThenRetries()
    {
        _answers.Enqueue(Problem(429, "rateLimited", retryAfter: "1"));
        _answers.Enqueue(Ok);
        using var transport = CreateTransport();
        using var key = AccountKey.Create();

        var clock = Stopwatch.StartNew();
        var response = await transport.PostAsync(_server.BaseUri + "target", key, "kid", null, CancellationToken.None);

        Assert.Equal(201, response.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), clock.Elapsed.ToString());
        Assert.Equal(2, _server.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task Post_RateLimitedWithLongRetryAfter_FailsAtOnceWithTheRetryTime()
    {
        _answers.Enqueue(Problem(429, "rateLimited", retryAfter: "3600"));
        using var transport = CreateTransport();
        using var key = AccountKey.Create();

        var error = await Assert.ThrowsAsync<AcmeProtocolException>(() => transport.PostAsync(_server.BaseUri + "target", key, "kid", null, CancellationToken.None));

        Assert.True(error.Problem.Is("rateLimited"));
        Assert.Equal("too many certificates for this name", error.Problem.Detail);
        Assert.InRange(error.RetryAt!.Value, DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Single(_server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Post_RateLimitedWithoutRetryAfter_OwnJitteredBackoff()
    {
        _answers.Enqueue(Problem(429, "rateLimited", retryAfter: null));
        _answers.Enqueue(Ok);
        using var transport = CreateTransport();
        transport.Random = new FixedRandom(0.0); // lowest jitter: half of the 2 s base
        using var key = AccountKey.Create();

        var clock = Stopwatch.StartNew();
        await transport.PostAsync(_server.BaseUri + "target", key, "kid", null, CancellationToken.None);

        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 5);
        Assert.Equal(2, _server.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task Post_ServerError_RetriedThenProblemSurfaced()
    {
        _answers.Enqueue(Problem(500, "serverInternal", retryAfter: "0"));
        using var transport = CreateTransport();
        using var key = AccountKey.Create();

        var error = await Assert.ThrowsAsync<AcmeProtocolException>(() => transport.PostAsync(_server.BaseUri + "target", key, "kid", null, CancellationToken.None));

        Assert.True(error.Problem.Is("serverInternal"));
        Assert.Equal(500, error.HttpStatus);
        Assert.Equal(1 + AcmeTransport.MaxTransientRetries, _server.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task Post_BadNonceForever_GivesUpWithTheProblem()
    {
        _answers.Enqueue(Problem(400, "badNonce", retryAfter: null));
        using var transport = CreateTransport();
        using var key = AccountKey.Create();

        var error = await Assert.ThrowsAsync<AcmeProtocolException>(() => transport.PostAsync(_server.BaseUri + "target", key, "kid", null, CancellationToken.None));

        Assert.True(error.Problem.Is("badNonce"));
        Assert.Equal(1 + AcmeTransport.MaxBadNonceRetries, _server.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public void Backoff_StaysWithinHalfAndOneAndAHalfOfTheBase_CappedAtMax()
    {
        var random = new Random(42);
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var nominal = Math.Min(1 * Math.Pow(2, attempt), 60);
            var delay = Backoff.Delay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), random);
            Assert.InRange(delay.TotalSeconds, nominal * 0.5, Math.Min(nominal * 1.5, 60));
        }
    }

    private static Task Ok(HttpResponse response)
    {
        response.StatusCode = 201;
        response.Headers.Location = "https://ca/acct/1";
        response.ContentType = "application/json";
        return response.WriteAsync("""{"status":"valid"}""");
    }

    private static Func<HttpResponse, Task> Problem(int status, string type, string? retryAfter) => response =>
    {
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        if (retryAfter is not null)
        {
            response.Headers.RetryAfter = retryAfter;
        }

        var detail = type == "rateLimited" ? "too many certificates for this name" : "try again";
        return response.WriteAsync($$"""{"type":"urn:ietf:params:acme:error:{{type}}","detail":"{{detail}}","status":{{status}}}""");
    };

    private AcmeTransport CreateTransport() =>
        new(new HttpClient(), ownsHttp: true, new Uri(_server.BaseUri, "dir"), TimeProvider.System,
            new AcmeMetrics(new TestMeterFactory()), NullLogger<AcmeTransport>.Instance);

    private static string NonceOf(RecordedRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        var header = Base64Url.DecodeFromChars(body.RootElement.GetProperty("protected").GetString());
        using var protectedHeader = JsonDocument.Parse(header);
        return protectedHeader.RootElement.GetProperty("nonce").GetString()!;
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}

internal sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
{
    private readonly List<System.Diagnostics.Metrics.Meter> _meters = [];

    public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
    {
        var meter = new System.Diagnostics.Metrics.Meter(options.Name, options.Version, options.Tags, this);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
