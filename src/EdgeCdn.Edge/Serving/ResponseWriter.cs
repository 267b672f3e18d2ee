using System.Globalization;
using System.Text;
using EdgeCdn.Core.Caching;
using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Configuration;
using EdgeCdn.Edge.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace EdgeCdn.Edge.Serving;

/// <summary>
/// Writes a <see cref="ServeSource"/> to the viewer: conditionals answered (304/412), single and multiple byte
/// ranges (206, multipart/byteranges, 416), HEAD without a body, and the edge's headers (X-Cache, Age,
/// Server-Timing). Stored bodies go from where they live straight to Kestrel's pipe; a fill's body is sent as it
/// arrives.
/// </summary>
internal sealed class ResponseWriter
{
    private const string XCache = "X-Cache";
    private const string ServerTiming = "Server-Timing";
    private static readonly StringValues HitValue = "Hit from edgecdn";
    private static readonly StringValues MissValue = "Miss from edgecdn";
    private static readonly StringValues RefreshValue = "RefreshHit from edgecdn";
    private static readonly StringValues ErrorValue = "Error from edgecdn";
    private static readonly StringValues BytesValue = "bytes";

    private readonly TimeProvider _time;
    private readonly string _hitTiming;
    private readonly string _missTiming;
    private readonly string _refreshTiming;

    // Server-Timing of a hit, per 0.01 ms of downstream time up to 10 ms, made once: the hit path allocates nothing.
    private readonly string?[] _hitTimings = new string?[HitTimingSteps];
    private const int HitTimingSteps = 1000;

    public ResponseWriter(TimeProvider time, EdgeModel model)
    {
        _time = time;
        var pop = $"cdn-pop;desc=\"{model.Node.Location}\"";
        _hitTiming = $"cdn-cache-hit, {pop}, cdn-downstream-fbl;dur=";
        _missTiming = $"cdn-cache-miss, {pop}, cdn-upstream-fbl;dur=";
        _refreshTiming = $"cdn-cache-refresh, {pop}, cdn-upstream-fbl;dur=";
    }

    /// <summary>The hit path: a fresh stored entry, no allocation beyond the Server-Timing value.</summary>
    public ValueTask<WriteOutcome> WriteHitAsync(HttpContext context, CacheEntry entry, long startTimestamp)
    {
        var source = entry.HitSource as ServeSource;
        if (source is null)
        {
            source = ServeSource.FromEntry(entry, CacheResult.Hit);
            entry.HitSource = source;
        }

        return WriteAsync(context, source, startTimestamp);
    }

    /// <summary>Writes the response. A body in a disk file is opened first, before anything is written: when it
    /// cannot be, <see cref="CacheBodyUnavailableException"/> leaves the response untouched for a retry as a miss.</summary>
    public async ValueTask<WriteOutcome> WriteAsync(HttpContext context, ServeSource source, long startTimestamp)
    {
        if (source.Body is not { IsOnDisk: true } onDisk || HttpMethods.IsHead(context.Request.Method))
        {
            return await WriteCoreAsync(context, source, startTimestamp);
        }

        var opened = await onDisk.OpenAsync(context.RequestAborted);
        try
        {
            return await WriteCoreAsync(context, source.WithBody(opened), startTimestamp);
        }
        finally
        {
            (opened as IDisposable)?.Dispose();
        }
    }

    private async ValueTask<WriteOutcome> WriteCoreAsync(HttpContext context, ServeSource source, long startTimestamp)
    {
        var request = context.Request;
        var response = context.Response;
        var meta = source.Meta;
        var outcome = new WriteOutcome { Status = source.StatusOverride ?? meta.StatusCode, ContentType = meta.ContentType };
        var isHead = HttpMethods.IsHead(request.Method);
        var requestHeaders = request.Headers;

        if (source.ApplyConditionals && outcome.Status is >= 200 and < 300 && Preconditions.Any(requestHeaders))
        {
            var precondition = Preconditions.Evaluate(requestHeaders, meta.ETag, meta.LastModified, isGetOrHead: true);
            if (precondition != PreconditionResult.Proceed)
            {
                outcome.Status = precondition == PreconditionResult.NotModified ? 304 : 412;
                WriteNotModifiedHeaders(response, source, outcome.Status, startTimestamp);
                source.Pipe?.Complete();
                outcome.FirstByteTimestamp = _time.GetTimestamp();
                return outcome;
            }
        }

        if (source.ApplyConditionals && outcome.Status == 200 && requestHeaders.Range.Count > 0 && source.StatusOverride is null &&
            source.Pipe is null && Preconditions.IfRangeAllows(requestHeaders, meta.ETag, meta.LastModified))
        {
            var body = source.Body;
            if (body is null && source.Buffer is { } buffer)
            {
                await buffer.WaitForCompletionAsync(context.RequestAborted);
                body = buffer.ToBody();
            }

            if (body is not null)
            {
                var opened = body.IsOnDisk && !isHead ? await body.OpenAsync(context.RequestAborted) : body;
                try
                {
                    var ranged = await TryWriteRangesAsync(context, source, opened, startTimestamp, isHead);
                    if (ranged is { } r)
                    {
                        return r;
                    }
                }
                finally
                {
                    if (!ReferenceEquals(opened, body))
                    {
                        (opened as IDisposable)?.Dispose();
                    }
                }
            }
        }

        WriteHeaders(response, source, outcome.Status, startTimestamp);
        var length = source.KnownLength;
        if (length is { } known)
        {
            response.ContentLength = known;
            outcome.ContentLength = known;
        }

        outcome.FirstByteTimestamp = _time.GetTimestamp();
        if (isHead)
        {
            source.Pipe?.Complete();
            return outcome;
        }

        outcome.BodyBytes = await WriteBodyAsync(context, source);
        return outcome;
    }

    /// <summary>A response the edge makes itself (4xx for bad requests, 502/504 when no origin answered).</summary>
    public static async ValueTask<WriteOutcome> WriteErrorAsync(HttpContext context, int status, string message, string? via)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.Headers[XCache] = ErrorValue;
        if (via is not null)
        {
            response.Headers.Via = via;
        }

        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/plain; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(message + "\n");
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }

        return new WriteOutcome { Status = status, BodyBytes = bytes.Length, ContentType = "text/plain" };
    }

    private void WriteHeaders(HttpResponse response, ServeSource source, int status, long startTimestamp)
    {
        response.StatusCode = status;
        var headers = response.Headers;
        foreach (var (name, value) in source.Meta.Headers)
        {
            headers[name] = value;
        }

        WriteEdgeHeaders(headers, source, status, startTimestamp);
    }

    private void WriteNotModifiedHeaders(HttpResponse response, ServeSource source, int status, long startTimestamp)
    {
        response.StatusCode = status;
        var headers = response.Headers;
        foreach (var (name, value) in source.Meta.Headers)
        {
            if (status == 412 ? name == HeaderNames.Via : IsNotModifiedHeader(name))
            {
                headers[name] = value;
            }
        }

        WriteEdgeHeaders(headers, source, status, startTimestamp);
    }

    private void WriteEdgeHeaders(IHeaderDictionary headers, ServeSource source, int status, long startTimestamp)
    {
        var now = _time.GetUtcNow().UtcTicks;
        if (source.Entry is { } entry && source.Result is CacheResult.Hit or CacheResult.Stale or CacheResult.Refresh)
        {
            headers.Age = entry.AgeHeader(now);
        }

        headers[XCache] = status >= 400 ? ErrorValue : source.Result switch
        {
            CacheResult.Hit or CacheResult.Stale => HitValue,
            CacheResult.Refresh => RefreshValue,
            _ => MissValue,
        };

        var downstream = _time.GetElapsedTime(startTimestamp).TotalMilliseconds;
        headers[ServerTiming] = source.Result switch
        {
            CacheResult.Hit or CacheResult.Stale => HitTiming(downstream),
            _ => string.Create(CultureInfo.InvariantCulture,
                $"{(source.Result == CacheResult.Refresh ? _refreshTiming : _missTiming)}{source.UpstreamFirstByte?.TotalMilliseconds ?? 0:0.###}, cdn-downstream-fbl;dur={downstream:0.###}"),
        };
    }

    private string HitTiming(double milliseconds)
    {
        var step = (int)Math.Round(milliseconds * 100);
        if ((uint)step >= HitTimingSteps)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{_hitTiming}{milliseconds:0.##}");
        }

        return _hitTimings[step] ??= string.Create(CultureInfo.InvariantCulture, $"{_hitTiming}{step / 100.0:0.##}");
    }

    private static bool IsNotModifiedHeader(string name) =>
        name == HeaderNames.ETag || name == HeaderNames.CacheControl || name == HeaderNames.Expires || name == HeaderNames.Vary ||
        name == HeaderNames.Via || name == HeaderNames.ContentLocation || name == HeaderNames.Date;

    private static async ValueTask<long> WriteBodyAsync(HttpContext context, ServeSource source)
    {
        var writer = context.Response.BodyWriter;
        var aborted = context.RequestAborted;
        if (source.Body is { } stored)
        {
            // The small-object hit path: one write, no slicing (larger bodies go through WriteToAsync's slices).
            if (stored.TryGetSingleSegment(out var memory) && memory.Length <= CacheBody.WriteSliceBytes)
            {
                await writer.WriteAsync(memory, aborted);
                return stored.Length;
            }

            try
            {
                await stored.WriteToAsync(writer, 0, stored.Length, aborted);
            }
            catch (IOException)
            {
                // A disk body that failed its check or its read after the headers went out: cut the response short.
                context.Abort();
            }

            return stored.Length;
        }

        if (source.Buffer is { } buffer)
        {
            using var reader = buffer.CreateReader();
            long sent = 0;
            try
            {
                while (true)
                {
                    var chunk = await reader.ReadAsync(aborted);
                    if (chunk.IsEmpty)
                    {
                        return sent;
                    }

                    var result = await writer.WriteAsync(chunk, aborted);
                    sent += chunk.Length;
                    if (result.IsCompleted)
                    {
                        return sent;
                    }
                }
            }
            catch (IOException)
            {
                // The origin body failed after headers went out: the viewer must not mistake a truncated body for
                // a complete one.
                context.Abort();
                return sent;
            }
        }

        if (source.Pipe is { } pipe)
        {
            long sent = 0;
            try
            {
                while (true)
                {
                    var read = await pipe.ReadAsync(aborted);
                    foreach (var segment in read.Buffer)
                    {
                        await writer.WriteAsync(segment, aborted);
                        sent += segment.Length;
                    }

                    pipe.AdvanceTo(read.Buffer.End);
                    if (read.IsCompleted)
                    {
                        break;
                    }
                }
            }
            catch (IOException)
            {
                context.Abort();
            }
            finally
            {
                await pipe.CompleteAsync();
            }

            return sent;
        }

        return 0;
    }

    private async ValueTask<WriteOutcome?> TryWriteRangesAsync(HttpContext context, ServeSource source, CacheBody body, long startTimestamp, bool isHead)
    {
        var response = context.Response;
        var length = body.Length;
        var ranges = new List<ByteRange>();
        var status = ByteRangeParser.Parse(context.Request.Headers.Range.ToString(), length, ranges);
        if (status == RangeParseStatus.None)
        {
            return null;
        }

        var serve = new ServeSource
        {
            Meta = source.Meta, Result = source.Result, Entry = source.Entry, Body = body, UpstreamFirstByte = source.UpstreamFirstByte,
        };
        var outcome = new WriteOutcome { ContentType = source.Meta.ContentType };
        if (status is RangeParseStatus.Unsatisfiable or RangeParseStatus.Malformed)
        {
            outcome.Status = 416;
            response.StatusCode = 416;
            WriteEdgeHeaders(response.Headers, serve, 416, startTimestamp);
            response.Headers.ContentRange = "bytes */" + length.ToString(CultureInfo.InvariantCulture);
            response.Headers.AcceptRanges = BytesValue;
            response.ContentLength = 0;
            outcome.FirstByteTimestamp = _time.GetTimestamp();
            return outcome;
        }

        outcome.Status = 206;
        WriteHeaders(response, serve, 206, startTimestamp);
        response.Headers.AcceptRanges = BytesValue;
        var writer = response.BodyWriter;
        if (ranges.Count == 1)
        {
            var range = ranges[0];
            response.Headers.ContentRange = ContentRange(range, length);
            response.ContentLength = range.Length;
            outcome.RangeStart = range.First;
            outcome.RangeEnd = range.Last;
            outcome.ContentLength = range.Length;
            outcome.FirstByteTimestamp = _time.GetTimestamp();
            if (!isHead)
            {
                await WriteBodyRangeAsync(context, body, range.First, range.Length);
                outcome.BodyBytes = range.Length;
            }

            return outcome;
        }

        var boundary = "edgecdn" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var contentType = source.Meta.ContentType;
        var parts = new byte[ranges.Count][];
        long total = 0;
        for (var i = 0; i < ranges.Count; i++)
        {
            var head = new StringBuilder().Append("\r\n--").Append(boundary).Append("\r\n");
            if (contentType is not null)
            {
                head.Append("Content-Type: ").Append(contentType).Append("\r\n");
            }

            head.Append("Content-Range: ").Append(ContentRange(ranges[i], length)).Append("\r\n\r\n");
            parts[i] = Encoding.ASCII.GetBytes(head.ToString());
            total += parts[i].Length + ranges[i].Length;
        }

        var tail = Encoding.ASCII.GetBytes("\r\n--" + boundary + "--\r\n");
        total += tail.Length;
        response.Headers.ContentType = "multipart/byteranges; boundary=" + boundary;
        response.Headers.Remove(HeaderNames.ContentEncoding);
        response.ContentLength = total;
        outcome.ContentLength = total;
        outcome.ContentType = "multipart/byteranges";
        outcome.FirstByteTimestamp = _time.GetTimestamp();
        if (isHead)
        {
            return outcome;
        }

        for (var i = 0; i < ranges.Count; i++)
        {
            await writer.WriteAsync(parts[i], context.RequestAborted);
            if (!await WriteBodyRangeAsync(context, body, ranges[i].First, ranges[i].Length))
            {
                return outcome;
            }
        }

        await writer.WriteAsync(tail, context.RequestAborted);
        outcome.BodyBytes = total;
        return outcome;
    }

    /// <summary>False when the body failed to read (a disk body cut short): the connection is aborted.</summary>
    private static async ValueTask<bool> WriteBodyRangeAsync(HttpContext context, CacheBody body, long first, long length)
    {
        try
        {
            await body.WriteToAsync(context.Response.BodyWriter, first, length, context.RequestAborted);
            return true;
        }
        catch (IOException)
        {
            context.Abort();
            return false;
        }
    }

    private static string ContentRange(ByteRange range, long length) =>
        string.Create(CultureInfo.InvariantCulture, $"bytes {range.First}-{range.Last}/{length}");
}
