using EdgeCdn.Acme.Renewal;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeCdn.Edge.Configuration;
using EdgeCdn.Edge.Invalidation;
using EdgeCdn.Edge.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.Edge.Hosting;

/// <summary>
/// The node's own API under /_edgecdn (any host name): GET metrics (Prometheus text), GET health, GET certificates
/// (each certificate's names, issuer, expiry, next renewal and last error; admin token), and
/// invalidations — POST /_edgecdn/invalidations {"distributionId", "paths", "callerReference"} and
/// GET /_edgecdn/invalidations/{id} — protected by the admin bearer token.
/// </summary>
internal sealed partial class AdminEndpoints
{
    public const string Prefix = "/_edgecdn";
    private const int MaxPaths = 3000;
    private const int MaxBodyBytes = 1024 * 1024;

    private readonly EdgeModel _model;
    private readonly InvalidationRegistry _invalidations;
    private readonly PrometheusExporter _exporter;
    private readonly EdgeMetrics _metrics;
    private readonly ILogger<AdminEndpoints> _logger;
    private readonly CertificateStatusSource _certificates;

    public AdminEndpoints(EdgeModel model, InvalidationRegistry invalidations, PrometheusExporter exporter, EdgeMetrics metrics, ILogger<AdminEndpoints> logger,
        CertificateStatusSource certificates)
    {
        _certificates = certificates;
        _model = model;
        _invalidations = invalidations;
        _exporter = exporter;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Handles a request whose path starts with /_edgecdn (PathBase holds the prefix).</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        context.Response.Headers.CacheControl = "no-store";
        switch (path)
        {
            case "/metrics" when HttpMethods.IsGet(request.Method):
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await context.Response.WriteAsync(_exporter.Scrape(), context.RequestAborted);
                return;
            case "/health" when HttpMethods.IsGet(request.Method):
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok\n", context.RequestAborted);
                return;
            case "/invalidations" when HttpMethods.IsPost(request.Method):
                if (await AuthorizeAsync(context))
                {
                    await CreateInvalidationAsync(context);
                }

                return;
            case "/certificates" when HttpMethods.IsGet(request.Method):
                if (await AuthorizeAsync(context))
                {
                    context.Response.ContentType = "application/json; charset=utf-8";
                    await _certificates.WriteJsonAsync(context.Response.Body, context.RequestAborted);
                }

                return;
            case "/invalidations" when HttpMethods.IsGet(request.Method):
                if (await AuthorizeAsync(context))
                {
                    await ListInvalidationsAsync(context);
                }

                return;
        }

        if (path.StartsWith("/invalidations/", StringComparison.Ordinal) && HttpMethods.IsGet(request.Method))
        {
            if (await AuthorizeAsync(context))
            {
                var record = _invalidations.Find(path["/invalidations/".Length..]);
                if (record is null)
                {
                    await ProblemAsync(context, 404, "NoSuchInvalidation", "The specified invalidation does not exist.");
                    return;
                }

                await JsonAsync(context, 200, w => WriteInvalidation(w, record));
            }

            return;
        }

        await ProblemAsync(context, 404, "NotFound", "No such admin resource.");
    }

    private async Task<bool> AuthorizeAsync(HttpContext context)
    {
        if (_model.AdminToken is not { } expected)
        {
            await ProblemAsync(context, 403, "AdminApiDisabled", "No admin token is configured on this node (Edge:AdminToken).");
            return false;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"edgecdn\"";
            await ProblemAsync(context, 401, "Unauthorized", "Send the admin token as 'Authorization: Bearer <token>'.");
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        if (!CryptographicOperations.FixedTimeEquals(presented, expected))
        {
            Log.BadToken(_logger, context.Connection.RemoteIpAddress?.ToString());
            await ProblemAsync(context, 403, "AccessDenied", "The admin token is not valid.");
            return false;
        }

        return true;
    }

    private async Task CreateInvalidationAsync(HttpContext context)
    {
        if (context.Request.ContentLength is > MaxBodyBytes)
        {
            await ProblemAsync(context, 413, "TooLarge", "The invalidation request is too large.");
            return;
        }

        JsonDocument document;
        try
        {
            using var limited = new MemoryStream();
            await context.Request.Body.CopyToAsync(limited, context.RequestAborted);
            if (limited.Length > MaxBodyBytes)
            {
                await ProblemAsync(context, 413, "TooLarge", "The invalidation request is too large.");
                return;
            }

            limited.Position = 0;
            document = await JsonDocument.ParseAsync(limited, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await ProblemAsync(context, 400, "MalformedInput", "The body must be JSON: {\"distributionId\": ..., \"paths\": [...]}.");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                await ProblemAsync(context, 400, "MalformedInput", "The body must be a JSON object.");
                return;
            }

            string? distributionId = root.TryGetProperty("distributionId", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var distribution = distributionId is null
                ? _model.Distributions.Count == 1 ? _model.Distributions[0] : null
                : _model.FindDistribution(distributionId);
            if (distribution is null)
            {
                await ProblemAsync(context, 404, "NoSuchDistribution", distributionId is null
                    ? "Name the distribution: this node has several (\"distributionId\")."
                    : $"No distribution '{distributionId}' on this node.");
                return;
            }

            if (!root.TryGetProperty("paths", out var pathsElement) || pathsElement.ValueKind != JsonValueKind.Array)
            {
                await ProblemAsync(context, 400, "MissingArgument", "\"paths\" must be an array of paths.");
                return;
            }

            var count = pathsElement.GetArrayLength();
            if (count is 0 or > MaxPaths)
            {
                await ProblemAsync(context, 400, "InvalidArgument", $"An invalidation has 1 to {MaxPaths} paths.");
                return;
            }

            var parsed = new List<InvalidationPath>(count);
            var errors = new List<string>();
            foreach (var item in pathsElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    errors.Add("every path must be a string");
                    continue;
                }

                if (InvalidationPath.TryParse(item.GetString(), out var path, out var error))
                {
                    parsed.Add(path!);
                }
                else
                {
                    errors.Add(error!);
                }
            }

            if (errors.Count > 0)
            {
                await ProblemAsync(context, 400, "InvalidArgument", "Invalid paths: " + string.Join("; ", errors));
                return;
            }

            string? callerReference = root.TryGetProperty("callerReference", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var record = _invalidations.Create(distribution, [.. parsed], callerReference);
            _metrics.Invalidated(parsed.Count);
            Log.Invalidation(_logger, record.Id, distribution.Id, parsed.Count);
            context.Response.Headers.Location = Prefix + "/invalidations/" + record.Id;
            await JsonAsync(context, 201, w => WriteInvalidation(w, record));
        }
    }

    private async Task ListInvalidationsAsync(HttpContext context)
    {
        var id = context.Request.Query["distributionId"].ToString();
        var distributions = string.IsNullOrEmpty(id) ? _model.Distributions : _model.Distributions.Where(x => x.Id == id).ToList();
        await JsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var distribution in distributions)
            {
                foreach (var record in _invalidations.List(distribution))
                {
                    WriteInvalidation(w, record);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteInvalidation(Utf8JsonWriter w, InvalidationRecord record)
    {
        w.WriteStartObject();
        w.WriteString("id", record.Id);
        w.WriteString("distributionId", record.DistributionId);
        w.WriteString("status", InvalidationRecord.Status);
        w.WriteString("createTime", record.CreateTime.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        if (record.CallerReference is not null)
        {
            w.WriteString("callerReference", record.CallerReference);
        }

        w.WriteStartArray("paths");
        foreach (var path in record.Paths)
        {
            w.WriteStringValue(path);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static async Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }

    private static Task ProblemAsync(HttpContext context, int status, string code, string message) =>
        JsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("code", code);
            w.WriteString("message", message);
            w.WriteEndObject();
        });

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Invalidation {Id} for distribution {Distribution}: {Count} paths.")]
        public static partial void Invalidation(ILogger logger, string id, string distribution, int count);

        [LoggerMessage(2, LogLevel.Warning, "Admin API: wrong token from {Client}.")]
        public static partial void BadToken(ILogger logger, string? client);
    }
}
