using EdgeCdn.Core.Caching;
using EdgeCdn.Edge.Caching.Disk;
using EdgeCdn.Edge.Compression;
using EdgeCdn.Edge.Configuration;
using EdgeCdn.Edge.Forwarding;
using EdgeCdn.Edge.Observability;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// Runs a <see cref="Fill"/>: fetches from the origin, decides from the response headers whether and for how long
/// the response is cached (CloudFront's TTL rules, error caching), where its body goes (a shared buffer, through
/// a compressor, or a pass-through pipe), handles revalidation (304 → refreshed entry) and serves stale copies when
/// the origin fails; finally stores the entry.
/// </summary>
internal sealed partial class FillRunner : IDisposable
{
    /// <summary>Statuses cacheable by default (RFC 9110 §15.1) apart from the error statuses; others need explicit
    /// freshness from the origin.</summary>
    private static readonly HashSet<int> DefaultCacheable = [200, 203, 204, 300, 301, 308, 410];

    private readonly ICacheStore _store;
    private readonly FillCoordinator _coordinator;
    private readonly OriginFetcher _fetcher;
    private readonly TimeProvider _time;
    private readonly EdgeMetrics _metrics;
    private readonly EdgeModel _model;
    private readonly ILogger<FillRunner> _logger;
    private readonly CancellationTokenSource _stopping = new();

    public FillRunner(ICacheStore store, FillCoordinator coordinator, OriginFetcher fetcher, TimeProvider time, EdgeMetrics metrics,
        EdgeModel model, ILogger<FillRunner> logger)
    {
        _store = store;
        _coordinator = coordinator;
        _fetcher = fetcher;
        _time = time;
        _metrics = metrics;
        _model = model;
        _logger = logger;
        coordinator.Attach(this);
    }

    public void Stop() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();

    public async Task RunAsync(Fill fill)
    {
        // Yield so the caller registers and awaits before origin work starts on this thread.
        await Task.Yield();
        var state = new FillState(fill);
        try
        {
            // Another request may have stored the key between that request's lookup and this fill's start.
            if (fill.Key is { } key && fill.Previous is null && _store.TryGet(key, out var stored) && !stored.IsPassMarker &&
                stored.Epoch == fill.Distribution.InvalidationEpoch && stored.IsFresh(_time.GetUtcNow().UtcTicks))
            {
                fill.TrySetHead(FillHead.ForEntry(stored, CacheResult.Hit));
                return;
            }

            var fetch = await _fetcher.FetchAsync(fill.Request, (attempt, response) => OnResponse(state, attempt, response), _stopping.Token);
            if (!fetch.Succeeded)
            {
                OnOriginFailure(state, fetch);
                return;
            }

            _metrics.OriginFirstByte(fetch.Result!.Attempt.Origin.Id, fetch.UpstreamFirstByte);
            state.UpstreamFirstByte = fetch.UpstreamFirstByte;
            var error = await fetch.BodyCompleted;
            await CompleteAsync(state, error);
        }
        catch (Exception ex)
        {
            Log.FillCrashed(_logger, fill.Key ?? fill.Request.Path, ex);
            state.Buffer?.Fail(ex);
            state.PassWriter?.Complete(ex);
            fill.TrySetHead(FillHead.ForFailure(502));
        }
        finally
        {
            _coordinator.Finished(fill);
        }
    }

    /// <summary>Called from the forwarder with the response headers: returns where the body goes (null: discard).</summary>
    private Stream? OnResponse(FillState state, OriginAttempt attempt, HttpResponseMessage response)
    {
        var fill = state.Fill;
        var status = (int)response.StatusCode;
        var now = _time.GetUtcNow();
        var previous = fill.Previous;
        var upstream = _time.GetElapsedTime(attempt.SentTimestamp, attempt.HeadersTimestamp);

        if (status == 304 && previous is not null && (fill.Request.IfNoneMatch is not null || fill.Request.IfModifiedSince is not null))
        {
            var refreshed = Refresh(fill, previous, response, now);
            if (refreshed is not null && _store.TrySet(refreshed))
            {
                Log.Refreshed(_logger, fill.Key!);
            }

            fill.TrySetHead(FillHead.ForEntry(refreshed ?? previous, CacheResult.Refresh));
            return null;
        }

        if (status >= 500 && previous is not null && previous.CanServeOnError(now.UtcTicks))
        {
            Log.ServingStale(_logger, fill.Key!, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            fill.TrySetHead(FillHead.ForEntry(previous, CacheResult.Stale));
            return null;
        }

        var behavior = fill.Request.Behavior;
        var policy = behavior.Policy;
        var contentLength = response.Content?.Headers.ContentLength;
        var decision = Decide(fill, response, status, now);
        state.Decision = decision;
        state.ResponseTimeTicks = now.UtcTicks;
        state.InitialAgeTicks = AgeTicks(response);
        var cacheable = decision.Store && fill.Key is not null && fill.Request.Range is null &&
            (contentLength is null || contentLength <= _store.MaxObjectBytes);
        var contentType = response.Content?.Headers.ContentType?.ToString();
        var contentEncoding = response.Content?.Headers.ContentEncoding.Count > 0 ? string.Join(", ", response.Content.Headers.ContentEncoding) : null;
        var compress = cacheable && behavior.Compress && status == 200 &&
            CompressionPolicy.ShouldCompress(fill.Request.AcceptEncoding, contentType, contentEncoding, contentLength);
        var keepCookies = policy.Cookies.Behavior != KeyPartBehavior.None;
        var meta = ResponseMetaBuilder.FromOrigin(response, _model.ViaValue, keepCookies, compress ? fill.Request.AcceptEncoding : null);
        var result = status >= 400 ? CacheResult.Error : CacheResult.Miss;
        var expectedLength = compress ? null : contentLength;
        DiskSpool? spool = null;
        Func<DiskSpool?>? spoolFactory = null;
        if (cacheable && _store.Disk is not null)
        {
            var header = new DiskEntryHeader
            {
                Key = fill.Key!,
                Path = fill.Request.Path,
                DistributionId = fill.Distribution.Id,
                Epoch = fill.Epoch,
                ResponseTimeTicks = now.UtcTicks,
                InitialAgeTicks = state.InitialAgeTicks,
                Ttl = decision.Ttl,
                StaleWhileRevalidate = decision.StaleWhileRevalidate,
                StaleIfError = decision.StaleIfError,
                MustRevalidate = decision.MustRevalidate,
                Meta = meta,
            };
            if (expectedLength > _store.MemoryMaxObjectBytes)
            {
                // Too large for memory: the body goes to its disk file as it arrives, or through uncached without room.
                spool = _store.CreateSpool(header, expectedLength);
                cacheable = spool is not null;
            }
            else
            {
                spoolFactory = () => _store.CreateSpool(header, null);
            }
        }

        if (cacheable)
        {
            var buffer = new FillBuffer(expectedLength, _store.MaxObjectBytes, _store.MemoryMaxObjectBytes, spool, spoolFactory);
            state.Buffer = buffer;
            state.Meta = meta;
            Stream sink = compress ? state.Compressor = new CompressingSink(buffer, fill.Request.AcceptEncoding) : new FillBufferSink(buffer);
            fill.TrySetHead(new FillHead
            {
                Kind = FillHeadKind.Streaming, Result = result, Meta = meta, Buffer = buffer, UpstreamFirstByte = upstream, Cacheable = true,
            });
            return sink;
        }

        Log.NotCacheable(_logger, fill.Key ?? fill.Request.Path, status, decision.Store ? "size or range" : decision.Reason);
        state.Pass = true;
        state.Meta = meta;
        var writer = fill.StartPass();
        state.PassWriter = writer;
        fill.TrySetHead(new FillHead { Kind = FillHeadKind.Pass, Result = result, Meta = meta, UpstreamFirstByte = upstream });
        return new PipeSink(writer);
    }

    private static StorageDecision Decide(Fill fill, HttpResponseMessage response, int status, DateTimeOffset now)
    {
        var policy = fill.Request.Behavior.Policy;
        if (policy.CachingDisabled)
        {
            return new StorageDecision { Store = false, Reason = "caching disabled" };
        }

        if (response.Headers.Vary.Contains("*"))
        {
            return new StorageDecision { Store = false, Reason = "Vary: *" };
        }

        var cacheControl = response.Headers.NonValidated.TryGetValues("Cache-Control", out var cc) ? cc.ToString() : null;
        string? expires = null;
        if (response.Content is { } content && content.Headers.NonValidated.TryGetValues("Expires", out var ex))
        {
            expires = ex.ToString();
        }

        var date = response.Headers.NonValidated.TryGetValues("Date", out var d) ? d.ToString() : null;
        var decision = FreshnessCalculator.Decide(cacheControl, expires, date, now, policy.Ttl);
        if (fill.Distribution.ErrorCachingTtl(status) is { } errorTtl)
        {
            if (!decision.Store)
            {
                return decision;
            }

            var explicitTtl = decision.Reason is "s-maxage" or "max-age" or "expires" ? decision.Ttl : TimeSpan.Zero;
            return decision with { Ttl = explicitTtl > errorTtl ? explicitTtl : errorTtl, Reason = "error-caching" };
        }

        if (status >= 400 || status == 206)
        {
            return new StorageDecision { Store = false, Reason = "status " + status.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        if (!DefaultCacheable.Contains(status) && decision.Reason is "default")
        {
            return new StorageDecision { Store = false, Reason = "status without explicit freshness" };
        }

        return decision;
    }

    private CacheEntry? Refresh(Fill fill, CacheEntry previous, HttpResponseMessage notModified, DateTimeOffset now)
    {
        var meta = ResponseMetaBuilder.Refresh(previous.Meta, notModified);
        var decision = FreshnessCalculator.Decide(meta.Get("Cache-Control"), meta.Get("Expires"), meta.Get("Date"), now, fill.Request.Behavior.Policy.Ttl);
        if (!decision.Store)
        {
            _store.Remove(previous);
            return null;
        }

        return new CacheEntry
        {
            Key = previous.Key,
            Distribution = previous.Distribution,
            Path = previous.Path,
            Meta = meta,
            Body = previous.Body,
            ResponseTimeTicks = now.UtcTicks,
            InitialAgeTicks = AgeTicks(notModified),
            Ttl = decision.Ttl,
            StaleWhileRevalidate = decision.StaleWhileRevalidate,
            StaleIfError = decision.StaleIfError,
            MustRevalidate = decision.MustRevalidate,
            Epoch = fill.Epoch,
        }.WithComputedSize();
    }

    private void OnOriginFailure(FillState state, OriginFetch fetch)
    {
        var fill = state.Fill;
        var previous = fill.Previous;
        if (previous is not null && previous.CanServeOnError(_time.GetUtcNow().UtcTicks))
        {
            Log.ServingStale(_logger, fill.Key!, fetch.TimedOut ? "timeout" : "connection failure");
            fill.TrySetHead(FillHead.ForEntry(previous, CacheResult.Stale));
            return;
        }

        fill.TrySetHead(FillHead.ForFailure(fetch.TimedOut ? 504 : 502));
    }

    private async Task CompleteAsync(FillState state, ForwarderError error)
    {
        var fill = state.Fill;
        if (state.Pass)
        {
            await state.PassWriter!.CompleteAsync(error == ForwarderError.None ? null : new IOException($"Origin body failed: {error}."));
            if (fill.Key is { } passKey)
            {
                StorePassMarker(fill, passKey);
            }

            return;
        }

        var buffer = state.Buffer;
        if (buffer is null)
        {
            return;
        }

        if (error != ForwarderError.None)
        {
            buffer.Fail(new IOException($"Origin body failed: {error}."));
            return;
        }

        if (state.Compressor is { } compressor)
        {
            await compressor.CompleteAsync();
        }

        if (!buffer.Complete())
        {
            return;
        }

        if (!buffer.IsCacheable)
        {
            Log.NotStored(_logger, fill.Key!, buffer.Length);
            return;
        }

        var decision = state.Decision;
        var entry = new CacheEntry
        {
            Key = fill.Key!,
            Distribution = fill.Distribution,
            Path = fill.Request.Path,
            Meta = state.Meta!,
            Body = buffer.ToBody(),
            ResponseTimeTicks = state.ResponseTimeTicks,
            InitialAgeTicks = state.InitialAgeTicks,
            Ttl = decision.Ttl,
            StaleWhileRevalidate = decision.StaleWhileRevalidate,
            StaleIfError = decision.StaleIfError,
            MustRevalidate = decision.MustRevalidate,
            Epoch = fill.Epoch,
        }.WithComputedSize();
        if (_store.TrySet(entry))
        {
            _metrics.Stored();
            Log.Stored(_logger, entry.Key, entry.Body.Length, decision.Ttl, decision.Reason);
        }
    }

    private void StorePassMarker(Fill fill, string key)
    {
        var ttl = _model.Cache.PassMarkerTtl;
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        _store.TrySet(new CacheEntry
        {
            Key = key,
            Distribution = fill.Distribution,
            Path = fill.Request.Path,
            Meta = PassMarkerMeta,
            Body = MemoryCacheBody.Empty,
            ResponseTimeTicks = _time.GetUtcNow().UtcTicks,
            Ttl = ttl,
            IsPassMarker = true,
            Epoch = fill.Epoch,
        }.WithComputedSize());
    }

    private static long AgeTicks(HttpResponseMessage response) =>
        response.Headers.Age is { } age && age > TimeSpan.Zero ? age.Ticks : 0;

    private static readonly ResponseMeta PassMarkerMeta = new() { StatusCode = 0, Headers = [] };

    /// <summary>What one fill accumulates between the headers and the end of the body.</summary>
    private sealed class FillState(Fill fill)
    {
        public Fill Fill { get; } = fill;

        public StorageDecision Decision { get; set; }

        public ResponseMeta? Meta { get; set; }

        public FillBuffer? Buffer { get; set; }

        public CompressingSink? Compressor { get; set; }

        public bool Pass { get; set; }

        public System.IO.Pipelines.PipeWriter? PassWriter { get; set; }

        public long InitialAgeTicks { get; set; }

        public long ResponseTimeTicks { get; set; }

        public TimeSpan UpstreamFirstByte { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Stored {Key}: {Bytes} bytes for {Ttl} ({Reason}).")]
        public static partial void Stored(ILogger logger, string key, long bytes, TimeSpan ttl, string reason);

        [LoggerMessage(2, LogLevel.Debug, "Not caching {Key}: status {Status}, {Reason}.")]
        public static partial void NotCacheable(ILogger logger, string key, int status, string reason);

        [LoggerMessage(3, LogLevel.Debug, "Revalidated {Key}: 304 from the origin.")]
        public static partial void Refreshed(ILogger logger, string key);

        [LoggerMessage(4, LogLevel.Warning, "Serving a stale copy of {Key}: the origin failed ({Reason}).")]
        public static partial void ServingStale(ILogger logger, string key, string reason);

        [LoggerMessage(6, LogLevel.Debug, "Not storing {Key} ({Bytes} bytes): its disk file could not be written.")]
        public static partial void NotStored(ILogger logger, string key, long bytes);

        [LoggerMessage(5, LogLevel.Error, "Fill of {Key} failed unexpectedly.")]
        public static partial void FillCrashed(ILogger logger, string key, Exception exception);
    }
}
