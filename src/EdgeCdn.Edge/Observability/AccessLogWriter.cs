using System.Globalization;
using System.Text;
using System.Threading.Channels;
using EdgeCdn.Edge.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.Edge.Observability;

/// <summary>
/// The access log in CloudFront's standard log format (tab-separated W3C extended fields, the 33 of the legacy
/// format plus origin-fbl and origin-lbl). The request path only enqueues a record; a background task formats and
/// writes. When the queue is full, records are dropped and counted rather than slowing viewers down. The log is
/// closed only after the server has stopped (IHostedLifecycleService.StoppedAsync), so requests that finish
/// during a graceful shutdown are logged too.
/// </summary>
internal sealed partial class AccessLogWriter : IHostedLifecycleService
{
    public const string Fields =
        "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) " +
        "cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken " +
        "x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status " +
        "fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len " +
        "sc-range-start sc-range-end origin-fbl origin-lbl";

    private readonly Channel<AccessLogRecord> _channel = Channel.CreateBounded<AccessLogRecord>(
        new BoundedChannelOptions(65536) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly string? _path;
    private readonly string _location;
    private readonly ILogger<AccessLogWriter> _logger;
    private long _sequence;
    private long _dropped;
    private Task _writing = Task.CompletedTask;

    public AccessLogWriter(EdgeModel model, AccessLogOptions options, ILogger<AccessLogWriter> logger)
    {
        _path = string.IsNullOrWhiteSpace(options.Path) ? null : options.Path;
        _location = model.Node.Location;
        _logger = logger;
    }

    public bool Enabled => _path is not null;

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Write(in AccessLogRecord record)
    {
        if (!_channel.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_path is not null)
        {
            _writing = Task.Run(WriteLoopAsync, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        await _writing.WaitAsync(cancellationToken);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WriteLoopAsync()
    {
        var path = _path!;

        Stream stream;
        try
        {
            if (path == "-")
            {
                stream = Console.OpenStandardOutput();
            }
            else
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(path));
                if (directory is not null)
                {
                    Directory.CreateDirectory(directory);
                }

                stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 64 * 1024, FileOptions.Asynchronous);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.CannotOpen(_logger, path, ex);
            return;
        }

        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteAsync("#Version: 1.0\n#Fields: " + Fields + "\n");
        await writer.FlushAsync();
        var line = new StringBuilder(512);
        try
        {
            while (await _channel.Reader.WaitToReadAsync())
            {
                while (_channel.Reader.TryRead(out var record))
                {
                    line.Clear();
                    Format(line, record, _location);
                    await writer.WriteAsync(line);
                }

                await writer.FlushAsync();
            }
        }
        catch (IOException ex)
        {
            Log.WriteFailed(_logger, path, ex);
        }
    }

    internal static void Format(StringBuilder line, in AccessLogRecord r, string location)
    {
        var utc = r.Time.UtcDateTime;
        line.Append(utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\t');
        line.Append(utc.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append('\t');
        line.Append(location).Append('\t');
        line.Append(r.BodyBytes.ToString(CultureInfo.InvariantCulture)).Append('\t');
        Field(line, r.ClientIp?.ToString());
        Field(line, r.Method);
        Field(line, r.Host);
        Field(line, Encode(r.UriStem));
        line.Append(r.Status.ToString(CultureInfo.InvariantCulture)).Append('\t');
        Field(line, Encode(r.Referer));
        Field(line, Encode(r.UserAgent));
        Field(line, string.IsNullOrEmpty(r.Query) ? null : Encode(r.Query));
        Field(line, null);
        Field(line, r.ResultType);
        line.Append("EDGE").Append(r.Sequence.ToString("x12", CultureInfo.InvariantCulture)).Append('\t');
        Field(line, r.Host);
        Field(line, r.Scheme);
        line.Append(r.RequestBytes.ToString(CultureInfo.InvariantCulture)).Append('\t');
        line.Append(Seconds(r.TimeTaken)).Append('\t');
        Field(line, r.ForwardedFor);
        Field(line, r.TlsProtocol);
        Field(line, r.TlsCipher);
        Field(line, r.ResultType);
        Field(line, r.Protocol);
        Field(line, null);
        Field(line, null);
        line.Append(r.ClientPort.ToString(CultureInfo.InvariantCulture)).Append('\t');
        line.Append(Seconds(r.TimeToFirstByte)).Append('\t');
        Field(line, r.DetailedResultType);
        Field(line, r.ContentType);
        Field(line, r.ContentLength?.ToString(CultureInfo.InvariantCulture));
        Field(line, r.RangeStart?.ToString(CultureInfo.InvariantCulture));
        Field(line, r.RangeEnd?.ToString(CultureInfo.InvariantCulture));
        Field(line, r.OriginFirstByte is { } fbl ? Seconds(fbl) : null);
        line.Append(r.OriginLastByte is { } lbl ? Seconds(lbl) : "-").Append('\n');
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static void Field(StringBuilder line, string? value) => line.Append(string.IsNullOrEmpty(value) ? "-" : value).Append('\t');

    /// <summary>CloudFront URL-encodes spaces and other unsafe characters in logged values.</summary>
    private static string? Encode(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        foreach (var c in value)
        {
            if (c <= ' ' || c >= 0x7f || c is '\t' or '"' or '\\')
            {
                return Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal);
            }
        }

        return value;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Cannot open the access log {Path}; access logging is off.")]
        public static partial void CannotOpen(ILogger logger, string path, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "Writing the access log {Path} failed; access logging stopped.")]
        public static partial void WriteFailed(ILogger logger, string path, Exception exception);
    }
}
