using EdgeCdn.Core.Caching;
using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Compression;
using EdgeCdn.Edge.Configuration;
using EdgeCdn.Edge.Forwarding;
using EdgeCdn.Edge.Invalidation;
using EdgeCdn.Edge.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.Edge.Serving;

/// <summary>
/// The edge's terminal middleware. Hits are served here, before any routing or YARP: host → distribution, path →
/// behaviour, cache key built in stack memory, span lookup, headers copied from the stored set, body written from
/// where it lives. Everything else (stale, miss, revalidation, coalescing, pass-through, error rules) takes the slow
/// path below.
/// </summary>
internal sealed partial class EdgeMiddleware
{
    private const int KeyStackChars = 256;

    private readonly EdgeModel _model;
    private readonly ICacheStore _store;
    private readonly FillCoordinator _fills;
    private readonly ResponseWriter _writer;
    private readonly EdgeMetrics _metrics;
    private readonly AccessLogWriter _accessLog;
    private readonly TimeProvider _time;
    private readonly InvalidationRegistry _invalidations;
    private readonly PassThroughForwarder _passThrough;
    private readonly ILogger<EdgeMiddleware> _logger;

    public EdgeMiddleware(EdgeModel model, ICacheStore store, FillCoordinator fills, ResponseWriter writer, EdgeMetrics metrics,
        AccessLogWriter accessLog, TimeProvider time, InvalidationRegistry invalidations, PassThroughForwarder passThrough,
        ILogger<EdgeMiddleware> logger)
    {
        _model = model;
        _store = store;
        _fills = fills;
        _writer = writer;
        _metrics = metrics;
        _accessLog = accessLog;
        _time = time;
        _invalidations = invalidations;
        _passThrough = passThrough;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var start = _time.GetTimestamp();
        var request = context.Request;
        var distribution = _model.Resolver.Find(request.Headers.Host.ToString());
        if (distribution is null)
        {
            return RejectAsync(context, null, 421, "unknown_host", "No distribution of this edge answers to this host name.", start);
        }

        if (!RequestTarget.TryGetPath(context, out var path, out var pathError))
        {
            return RejectAsync(context, distribution, 400, "bad_path", pathError!, start);
        }

        var method = request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            return OtherMethodAsync(context, distribution, path, start);
        }

        var requestPath = path;
        if (path.Length == 1 && distribution.DefaultRootPath is { } root)
        {
            path = root;
        }

        var behavior = distribution.MatchBehavior(path);
        var policy = behavior.Policy;
        var encoding = AcceptEncodingNormalizer.Normalize(request.Headers.AcceptEncoding, policy.Brotli, policy.Gzip);
        CacheEntry? entry = null;
        // Cached errors take the slow path, where SPA fallback and custom error responses apply.
        if (!policy.CachingDisabled && Lookup(request, distribution, policy, path, encoding, out entry) &&
            entry.Epoch == distribution.InvalidationEpoch && entry.Meta.StatusCode < 400 && entry.IsFresh(_time.GetUtcNow().UtcTicks))
        {
            return ServeHitAsync(context, entry, distribution, requestPath, start);
        }

        return SlowPathAsync(context, distribution, behavior, path, requestPath, encoding, entry, start);
    }

    private bool Lookup(HttpRequest request, Distribution distribution, CachePolicy policy, string path, string encoding,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CacheEntry? entry)
    {
        entry = null;
        var key = new CacheKeyBuilder(stackalloc char[KeyStackChars]);
        try
        {
            if (AppendKey(ref key, request, distribution, policy, path, encoding) && _store.TryGet(key.Written, out entry) && !entry.IsPassMarker)
            {
                return true;
            }

            // Pass markers are handled on the slow path, which looks again.
            entry = null;
            return false;
        }
        finally
        {
            key.Dispose();
        }
    }

    /// <summary>distribution ␞ path ␞ query ␞ headers ␞ cookies ␞ encoding. False when the key is unusable.</summary>
    private static bool AppendKey(ref CacheKeyBuilder key, HttpRequest request, Distribution distribution, CachePolicy policy, string path, string encoding)
    {
        key.AppendRaw(distribution.KeyPrefix);
        key.AppendValue(path);
        key.AppendSection();
        var query = request.QueryString.Value;
        switch (policy.QueryStrings.Behavior)
        {
            case KeyPartBehavior.None:
                break;
            case KeyPartBehavior.All:
                if (query is { Length: > 1 })
                {
                    key.AppendValue(query.AsSpan(1));
                }

                break;
            default:
                if (query is { Length: > 1 })
                {
                    key.AppendValue(policy.QueryStrings.FilterQuery(query[1..]));
                }

                break;
        }

        key.AppendSection();
        var headers = request.Headers;
        if (policy.Headers.Behavior == KeyPartBehavior.AllowList)
        {
            foreach (var name in policy.Headers.Names)
            {
                var value = headers[name];
                if (value.Count > 0)
                {
                    key.AppendItem(name, value.ToString());
                }
            }
        }
        else if (policy.Headers.Behavior != KeyPartBehavior.None)
        {
            foreach (var (name, value) in KeyHeaders(policy, headers))
            {
                key.AppendItem(name, value);
            }
        }

        key.AppendSection();
        if (policy.Cookies.Behavior != KeyPartBehavior.None)
        {
            key.AppendValue(policy.Cookies.FilterCookies(headers.Cookie.ToString()));
        }

        key.AppendSection();
        key.AppendRaw(encoding);
        return key.IsCacheable;
    }

    /// <summary>The viewer headers the policy keys on (and forwards), in a stable order.</summary>
    private static KeyValuePair<string, string>[] KeyHeaders(CachePolicy policy, IHeaderDictionary headers)
    {
        if (policy.Headers.Behavior == KeyPartBehavior.None)
        {
            return [];
        }

        var list = new List<KeyValuePair<string, string>>();
        if (policy.Headers.Behavior == KeyPartBehavior.AllowList)
        {
            foreach (var name in policy.Headers.Names)
            {
                var value = headers[name];
                if (value.Count > 0)
                {
                    list.Add(new(name, value.ToString()));
                }
            }

            return [.. list];
        }

        foreach (var (name, value) in headers)
        {
            if (policy.Headers.Includes(name) && !IsNeverKeyed(name))
            {
                list.Add(new(name.ToLowerInvariant(), value.ToString()));
            }
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return [.. list];
    }

    /// <summary>Headers that "all" never takes in: connection-level, the edge's own concern, or conditionals that
    /// the edge answers itself.</summary>
    private static bool IsNeverKeyed(string name) =>
        name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Accept-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Range", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("If-", StringComparison.OrdinalIgnoreCase) || name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase);

    private async Task ServeHitAsync(HttpContext context, CacheEntry entry, Distribution distribution, string requestPath, long start)
    {
        var outcome = await _writer.WriteHitAsync(context, entry, start);
        Record(context, distribution, requestPath, CacheResult.Hit, outcome, start, null);
    }

    private async Task SlowPathAsync(HttpContext context, Distribution distribution, CacheBehavior behavior, string path, string requestPath,
        string encoding, CacheEntry? entry, long start)
    {
        var viewer = CreateViewerRequest(context, distribution, behavior, path, requestPath, encoding, start, isInternal: false);
        Fill? created = null;
        ServeSource? source = null;
        WriteOutcome outcome = default;
        var aborted = context.RequestAborted;
        try
        {
            (source, created) = await ResolveAsync(viewer, entry, aborted);
            source = await ApplyErrorRulesAsync(viewer, source, aborted);
            try
            {
                outcome = await _writer.WriteAsync(context, source, start);
            }
            catch (CacheBodyUnavailableException) when (!context.Response.HasStarted)
            {
                // The stored body's file is gone or unreadable (the disk tier has dropped it): serve a miss instead.
                Log.BodyUnavailable(_logger, viewer.Key ?? path);
                if (source.Entry is { } unavailable)
                {
                    _store.Remove(unavailable);
                }

                context.Response.Clear();
                created?.ReleasePass();
                (source, created) = await ResolveAsync(viewer, entry: null, aborted);
                source = await ApplyErrorRulesAsync(viewer, source, aborted);
                outcome = await _writer.WriteAsync(context, source, start);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            outcome.Status = 499;
        }
        finally
        {
            created?.ReleasePass();
        }

        Record(context, distribution, requestPath, source?.Result ?? CacheResult.Error, outcome, start, source?.UpstreamFirstByte);
    }

    private static ViewerRequest CreateViewerRequest(HttpContext context, Distribution distribution, CacheBehavior behavior, string path,
        string requestPath, string encoding, long start, bool isInternal)
    {
        var request = context.Request;
        var policy = behavior.Policy;
        var rawQuery = !isInternal && request.QueryString.Value is { Length: > 1 } q ? q[1..] : string.Empty;
        string? key = null;
        if (!policy.CachingDisabled)
        {
            var builder = new CacheKeyBuilder(new char[KeyStackChars]);
            if (isInternal)
            {
                builder.AppendRaw(distribution.KeyPrefix);
                builder.AppendValue(path);
                builder.AppendSection();
                builder.AppendSection();
                foreach (var (name, value) in KeyHeaders(policy, request.Headers))
                {
                    builder.AppendItem(name, value);
                }

                builder.AppendSection();
                builder.AppendValue(policy.Cookies.FilterCookies(request.Headers.Cookie.ToString()));
                builder.AppendSection();
                builder.AppendRaw(encoding);
                key = builder.IsCacheable ? builder.ToString() : null;
            }
            else
            {
                key = AppendKey(ref builder, request, distribution, policy, path, encoding) ? builder.ToString() : null;
            }

            builder.Dispose();
        }

        return new ViewerRequest
        {
            Context = context,
            Distribution = distribution,
            Behavior = behavior,
            Path = path,
            RequestPath = requestPath,
            Query = policy.QueryStrings.FilterQuery(rawQuery),
            Headers = KeyHeaders(policy, request.Headers),
            Cookie = policy.Cookies.FilterCookies(request.Headers.Cookie.ToString()),
            AcceptEncoding = encoding,
            Key = key,
            StartTimestamp = start,
            Internal = isInternal,
        };
    }

    private async Task<(ServeSource Source, Fill? Created)> ResolveAsync(ViewerRequest viewer, CacheEntry? entry, CancellationToken cancellationToken)
    {
        if (viewer.Key is not { } key)
        {
            Log.Uncacheable(_logger, viewer.Path);
            return await PrivateAsync(viewer, cancellationToken);
        }

        if (entry is null && await _store.FindAsync(key, cancellationToken) is { } found)
        {
            // The hit path does not return pass markers; internal requests have not looked yet.
            if (!found.IsPassMarker)
            {
                entry = found;
            }
            else if (found.IsFresh(_time.GetUtcNow().UtcTicks) && found.Epoch == viewer.Distribution.InvalidationEpoch)
            {
                Log.PassMarker(_logger, key);
                return await PrivateAsync(viewer, cancellationToken);
            }
            else
            {
                _store.Remove(found);
            }
        }

        var now = _time.GetUtcNow().UtcTicks;
        if (entry is not null)
        {
            var epoch = viewer.Distribution.InvalidationEpoch;
            if (entry.Epoch != epoch && _invalidations.IsInvalidated(entry, epoch))
            {
                Log.Invalidated(_logger, key);
                _store.Remove(entry);
                entry = null;
            }
        }

        if (entry is not null)
        {
            if (entry.IsFresh(now))
            {
                return (ServeSource.FromEntry(entry, CacheResult.Hit), null);
            }

            if (entry.CanServeWhileRevalidating(now))
            {
                Log.StaleWhileRevalidate(_logger, key);
                _fills.Join(key, static s => NewFill(s.viewer, s.entry, background: true), (viewer, entry), out _);
                return (ServeSource.FromEntry(entry, CacheResult.Stale), null);
            }

            Log.Expired(_logger, key, entry.Meta.HasValidators);
        }

        var fill = _fills.Join(key, static s => NewFill(s.viewer, s.entry, background: false), (viewer, entry), out var created);
        // A request that meets a fill whose body has already arrived whole (the entry is being stored at this very
        // moment) waits for nothing: it is served entirely by the edge, a hit rather than a coalesced miss.
        var joinedAfterBody = !created && fill.Head.IsCompletedSuccessfully &&
                              fill.Head.Result is { Kind: FillHeadKind.Streaming, Buffer.IsCompleted: true };
        var head = await fill.Head.WaitAsync(cancellationToken);
        var source = await FromHeadAsync(viewer, fill, head, created, joinedAfterBody, cancellationToken);
        return (source, created ? fill : null);
    }

    private async Task<(ServeSource Source, Fill? Created)> PrivateAsync(ViewerRequest viewer, CancellationToken cancellationToken)
    {
        var fill = _fills.StartPrivate(NewFill(viewer, previous: null, background: false, isPrivate: true));
        try
        {
            var head = await fill.Head.WaitAsync(cancellationToken);
            return (await FromHeadAsync(viewer, fill, head, created: true, joinedAfterBody: false, cancellationToken), fill);
        }
        catch
        {
            fill.ReleasePass();
            throw;
        }
    }

    private async Task<ServeSource> FromHeadAsync(ViewerRequest viewer, Fill fill, FillHead head, bool created, bool joinedAfterBody, CancellationToken cancellationToken)
    {
        switch (head.Kind)
        {
            case FillHeadKind.Entry:
                return ServeSource.FromEntry(head.Entry!, created || head.Result != CacheResult.Hit ? head.Result : CacheResult.Hit);
            case FillHeadKind.Streaming:
                return new ServeSource
                {
                    Meta = head.Meta!,
                    Buffer = head.Buffer,
                    Result = created || head.Result == CacheResult.Error ? head.Result
                        : joinedAfterBody && head.Result == CacheResult.Miss ? CacheResult.Hit
                        : CacheResult.Coalesced,
                    UpstreamFirstByte = head.UpstreamFirstByte,
                };
            case FillHeadKind.Pass:
                if (viewer.IsHead)
                {
                    return new ServeSource { Meta = head.Meta!, Result = head.Result, UpstreamFirstByte = head.UpstreamFirstByte };
                }

                if (fill.Request.Range is null && viewer.HasRange || !fill.TryClaimPass(out var reader))
                {
                    var own = await PrivateAsync(viewer, cancellationToken);
                    return own.Source;
                }

                return new ServeSource { Meta = head.Meta!, Pipe = reader, Result = head.Result, UpstreamFirstByte = head.UpstreamFirstByte };
            default:
                return Synthetic(head.FailedStatus);
        }
    }

    private static Fill NewFill(ViewerRequest viewer, CacheEntry? previous, bool background, bool isPrivate = false)
    {
        var validators = previous is { Meta.HasValidators: true };
        var request = new OriginRequest
        {
            Behavior = viewer.Behavior,
            Path = viewer.Path,
            Query = viewer.Query,
            Headers = viewer.Headers,
            Cookie = viewer.Cookie,
            AcceptEncoding = viewer.AcceptEncoding,
            ClientAddress = viewer.Context.Connection.RemoteIpAddress?.ToString(),
            Range = isPrivate && viewer.HasRange ? viewer.Context.Request.Headers.Range.ToString() : null,
            IfNoneMatch = validators ? previous!.Meta.OriginETag : null,
            IfModifiedSince = validators ? previous!.Meta.LastModifiedText : null,
        };
        return new Fill(isPrivate ? null : viewer.Key, viewer.Distribution, request, previous, viewer.Distribution.InvalidationEpoch, background);
    }

    /// <summary>SPA fallback, then custom error responses, for error statuses on viewer requests.</summary>
    private async Task<ServeSource> ApplyErrorRulesAsync(ViewerRequest viewer, ServeSource source, CancellationToken cancellationToken)
    {
        var status = source.Meta.StatusCode;
        if (viewer.Internal || status < 400)
        {
            return source;
        }

        var request = viewer.Context.Request;
        if (viewer.Behavior.SpaFallback && status is 403 or 404 && RequestTarget.IsNavigation(request, viewer.Path))
        {
            var document = await ResolveInternalAsync(viewer, viewer.Behavior.SpaDocument, cancellationToken);
            if (document.Meta.StatusCode == 200)
            {
                Log.SpaFallback(_logger, viewer.Path, viewer.Behavior.SpaDocument);
                Discard(source);
                return document;
            }

            Discard(document);
        }

        if (viewer.Distribution.CustomError(status) is { ResponsePagePath: { } page } custom)
        {
            var pageSource = await ResolveInternalAsync(viewer, page, cancellationToken);
            if (pageSource.Meta.StatusCode is >= 200 and < 300)
            {
                Discard(source);
                return new ServeSource
                {
                    Meta = pageSource.Meta,
                    Entry = pageSource.Entry,
                    Body = pageSource.Body,
                    Buffer = pageSource.Buffer,
                    Pipe = pageSource.Pipe,
                    Result = CacheResult.Error,
                    UpstreamFirstByte = pageSource.UpstreamFirstByte,
                    StatusOverride = custom.ResponseCode ?? status,
                    ApplyConditionals = false,
                };
            }

            Discard(pageSource);
        }

        return source;
    }

    private async Task<ServeSource> ResolveInternalAsync(ViewerRequest viewer, string path, CancellationToken cancellationToken)
    {
        var behavior = viewer.Distribution.MatchBehavior(path);
        var encoding = AcceptEncodingNormalizer.Normalize(viewer.Context.Request.Headers.AcceptEncoding, behavior.Policy.Brotli, behavior.Policy.Gzip);
        var internalRequest = CreateViewerRequest(viewer.Context, viewer.Distribution, behavior, path, path, encoding, viewer.StartTimestamp, isInternal: true);
        var (source, created) = await ResolveAsync(internalRequest, entry: null, cancellationToken);
        created?.ReleasePass();
        return source;
    }

    private static void Discard(ServeSource source) => source.Pipe?.Complete();

    private ServeSource Synthetic(int status)
    {
        var text = status == 504
            ? "504 Gateway Timeout: the origin did not answer in time."
            : "502 Bad Gateway: the edge could not get a response from the origin.";
        var body = MemoryCacheBody.FromArray(System.Text.Encoding.UTF8.GetBytes(text + "\n"));
        var meta = new ResponseMeta
        {
            StatusCode = status,
            Headers =
            [
                new("Content-Type", "text/plain; charset=utf-8"),
                new("Cache-Control", "no-store"),
                new("Via", _model.ViaValue),
            ],
            ContentType = "text/plain; charset=utf-8",
            ContentLength = body.Length,
        };
        return new ServeSource { Meta = meta, Body = body, Result = CacheResult.Error };
    }

    private async Task OtherMethodAsync(HttpContext context, Distribution distribution, string path, long start)
    {
        var behavior = distribution.MatchBehavior(path);
        WriteOutcome outcome = default;
        if (!behavior.PassMethods.Contains(context.Request.Method))
        {
            _metrics.Rejected("method");
            outcome = await ResponseWriter.WriteErrorAsync(context, 403, "This distribution does not allow the " + context.Request.Method + " method here.", _model.ViaValue);
        }
        else
        {
            outcome.Status = await _passThrough.ForwardAsync(context, behavior, path);
            outcome.FirstByteTimestamp = _time.GetTimestamp();
        }

        Record(context, distribution, path, outcome.Status >= 400 ? CacheResult.Error : CacheResult.Miss, outcome, start, null);
    }

    private async Task RejectAsync(HttpContext context, Distribution? distribution, int status, string reason, string message, long start)
    {
        _metrics.Rejected(reason);
        Log.Rejected(_logger, status, reason);
        var outcome = await ResponseWriter.WriteErrorAsync(context, status, message, _model.ViaValue);
        Record(context, distribution, context.Request.Path.Value, CacheResult.Error, outcome, start, null);
    }

    private void Record(HttpContext context, Distribution? distribution, string? path, CacheResult result, in WriteOutcome outcome, long start, TimeSpan? upstream)
    {
        var elapsed = _time.GetElapsedTime(start);
        var label = outcome.Status >= 400 && result != CacheResult.Coalesced ? CacheResult.Error : result;
        _metrics.Request(label, outcome.BodyBytes, elapsed);
        if (!_accessLog.Enabled)
        {
            return;
        }

        var request = context.Request;
        var connection = context.Connection;
        var tls = context.Features.Get<ITlsHandshakeFeature>();
        _accessLog.Write(new AccessLogRecord
        {
            Time = _time.GetUtcNow(),
            BodyBytes = outcome.BodyBytes,
            ClientIp = connection.RemoteIpAddress,
            ClientPort = connection.RemotePort,
            Method = request.Method,
            Host = request.Host.Value,
            UriStem = path,
            Query = request.QueryString.Value is { Length: > 1 } q ? q[1..] : null,
            Status = outcome.Status,
            Referer = request.Headers.Referer.ToString(),
            UserAgent = request.Headers.UserAgent.ToString(),
            ResultType = ResultType(label),
            DetailedResultType = DetailedResultType(result, outcome.Status, distribution),
            Scheme = request.Scheme,
            Protocol = request.Protocol,
            RequestBytes = request.ContentLength ?? 0,
            TimeTaken = elapsed,
            TimeToFirstByte = outcome.FirstByteTimestamp == 0 ? elapsed : _time.GetElapsedTime(start, outcome.FirstByteTimestamp),
            ForwardedFor = request.Headers["X-Forwarded-For"].ToString(),
            TlsProtocol = tls?.Protocol.ToString(),
            TlsCipher = tls is null ? null : tls.NegotiatedCipherSuite?.ToString(),
            ContentType = outcome.ContentType,
            ContentLength = outcome.ContentLength,
            RangeStart = outcome.RangeStart,
            RangeEnd = outcome.RangeEnd,
            OriginFirstByte = upstream,
            Sequence = _accessLog.NextSequence(),
        });
    }

    private static string ResultType(CacheResult result) => result switch
    {
        CacheResult.Hit or CacheResult.Stale => "Hit",
        CacheResult.Refresh => "RefreshHit",
        CacheResult.Error => "Error",
        _ => "Miss",
    };

    private static string DetailedResultType(CacheResult result, int status, Distribution? distribution) => result switch
    {
        CacheResult.Stale => "StaleHit",
        CacheResult.Coalesced => "CoalescedMiss",
        _ when distribution is null && status == 421 => "UnknownHost",
        _ when status == 502 => "OriginConnectError",
        _ when status == 504 => "OriginCommError",
        _ when status >= 500 => "Error",
        _ when status >= 400 => "ClientError",
        _ => ResultType(result),
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Refused with {Status}: {Reason}.")]
        public static partial void Rejected(ILogger logger, int status, string reason);

        [LoggerMessage(2, LogLevel.Debug, "Not cacheable (caching disabled or a key part holds a control character): {Path}.")]
        public static partial void Uncacheable(ILogger logger, string path);

        [LoggerMessage(3, LogLevel.Debug, "Recently uncacheable, fetching without coalescing: {Key}.")]
        public static partial void PassMarker(ILogger logger, string key);

        [LoggerMessage(4, LogLevel.Debug, "Invalidated: {Key}.")]
        public static partial void Invalidated(ILogger logger, string key);

        [LoggerMessage(5, LogLevel.Debug, "Serving stale while revalidating: {Key}.")]
        public static partial void StaleWhileRevalidate(ILogger logger, string key);

        [LoggerMessage(6, LogLevel.Debug, "Expired: {Key} (validators: {HasValidators}).")]
        public static partial void Expired(ILogger logger, string key, bool hasValidators);

        [LoggerMessage(7, LogLevel.Debug, "SPA fallback: {Path} served {Document}.")]
        public static partial void SpaFallback(ILogger logger, string path, string document);

        [LoggerMessage(8, LogLevel.Debug, "Stored body unavailable, serving as a miss: {Key}.")]
        public static partial void BodyUnavailable(ILogger logger, string key);
    }
}
