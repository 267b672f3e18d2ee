using System.Diagnostics;
using EdgeCdn.Core.S3;
using EdgeCdn.Core.Signing;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Cors;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Objects;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Policies;
using EdgeCdn.Origin.Routing;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Website;

/// <summary>
/// The static website endpoint, S3's way: the Host names the bucket (bucket.&lt;Website:BaseDomain&gt;, or a bucket
/// named after the whole host); GET and HEAD only (OPTIONS for CORS preflight); every request is anonymous, so only
/// content the bucket policy or ACLs make public is served; RedirectAllRequestsTo, then key-prefix routing rules, then
/// the object (the index document for folders, "photos" → 302 "photos/" when photos/index.html exists, 301 for
/// x-amz-website-redirect-location); errors go through error-code routing rules, then the error document (with the
/// original status), then an HTML error page.
/// </summary>
internal sealed partial class WebsiteRequestHandler
{
    private readonly ObjectStore _store;
    private readonly ObjectResponder _responder;
    private readonly BucketAuthorizer _authorizer;
    private readonly TimeProvider _time;
    private readonly OriginMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _baseDomain;

    public WebsiteRequestHandler(
        ObjectStore store, ObjectResponder responder, BucketAuthorizer authorizer, TimeProvider time, OriginMetrics metrics, IOptions<OriginOptions> options,
        ILogger<WebsiteRequestHandler> logger)
    {
        _store = store;
        _responder = responder;
        _authorizer = authorizer;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _baseDomain = options.Value.Website.BaseDomain;
    }

    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = RequestIds.Next();
        http.Response.Headers["x-amz-request-id"] = requestId;
        http.Response.Headers["x-amz-id-2"] = S3ErrorResponder.HostIdOf(requestId);
        http.Response.Headers.Server = "EdgeCdn";
        WebsiteConfiguration? configuration = null;
        BucketRecord? bucket = null;
        var key = string.Empty;
        try
        {
            var method = http.Request.Method;
            if (!(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)))
            {
                throw new S3Exception(S3ErrorCatalog.MethodNotAllowed, null, S3Exception.Detail("Method", method), S3Exception.Detail("ResourceType", "OBJECT"));
            }

            var bucketName = BucketOf(http.Request.Host.Host);
            bucket = _store.FindBucket(bucketName)
                ?? throw new S3Exception(S3ErrorCatalog.NoSuchBucket, null, S3Exception.Detail("BucketName", bucketName));
            if (HttpMethods.IsOptions(method))
            {
                CorsResponder.Preflight(http, bucket);
                return;
            }

            CorsResponder.ApplyToResponse(http, bucket);
            configuration = ParsedSettings.Get(bucket.Settings, BucketSettings.Website, WebsiteConfiguration.FromStored)
                ?? throw new S3Exception(S3ErrorCatalog.NoSuchWebsiteConfiguration, null, S3Exception.Detail("BucketName", bucket.Name));
            var rawTarget = http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
            var (rawPath, rawQuery) = S3RequestParser.SplitTarget(rawTarget);
            if (configuration.RedirectAllHost is { } host)
            {
                var query = rawQuery.Length > 0 ? "?" + rawQuery : string.Empty;
                Redirect(http, StatusCodes.Status301MovedPermanently, $"{configuration.RedirectAllProtocol ?? http.Request.Scheme}://{host}{rawPath}{query}");
                return;
            }

            key = S3RequestParser.DecodeUtf8(rawPath.AsSpan(1));
            foreach (var rule in configuration.RoutingRules)
            {
                if (rule.HttpErrorCodeReturnedEquals is null && rule.KeyPrefixEquals is { } prefix && key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    RedirectBy(http, rule, key);
                    return;
                }
            }

            await ServeKeyAsync(http, bucket, configuration, key, requestId).ConfigureAwait(false);
        }
        catch (S3Exception e) when (!http.Response.HasStarted)
        {
            await FailAsync(http, bucket, configuration, key, e, requestId).ConfigureAwait(false);
        }
        catch (Exception e) when (http.RequestAborted.IsCancellationRequested || e is BadHttpRequestException)
        {
            http.Abort();
        }
        catch (Exception e)
        {
            Log.Failed(_logger, requestId, e);
            if (http.Response.HasStarted)
            {
                http.Abort();
            }
            else
            {
                await WebsiteErrorPage.WriteAsync(http, new S3Exception(S3ErrorCatalog.InternalError), requestId).ConfigureAwait(false);
            }
        }
        finally
        {
            _metrics.Request("Website" + http.Request.Method, http.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task ServeKeyAsync(HttpContext http, BucketRecord bucket, WebsiteConfiguration configuration, string key, string requestId)
    {
        var target = key.Length == 0 || key.EndsWith('/') ? key + configuration.IndexSuffix : key;
        try
        {
            await ServeObjectAsync(http, bucket, target, requestId, StatusCodes.Status200OK).ConfigureAwait(false);
        }
        catch (S3Exception e) when (e.Code is "NoSuchKey" or "AccessDenied" && target == key && !http.Response.HasStarted)
        {
            // A folder asked for without its slash: send the browser to the folder when it has an index document.
            var index = key + "/" + configuration.IndexSuffix;
            if (IsReadable(http, bucket, index, requestId))
            {
                Redirect(http, StatusCodes.Status302Found, "/" + UriEncoding.Encode(key, keepSlash: true) + "/");
                return;
            }

            throw;
        }
    }

    private async Task ServeObjectAsync(HttpContext http, BucketRecord bucket, string key, string requestId, int status)
    {
        var context = Context(http, bucket, key, requestId);
        _authorizer.Authorize(context, bucket, S3Actions.GetObject, key);
        var opened = _store.OpenObject(bucket.Name, key) ?? throw _authorizer.Missing(context, bucket, key, null);
        using var lease = opened.Lease;
        var obj = opened.Object;
        if (obj.IsDeleteMarker)
        {
            throw _authorizer.Missing(context, bucket, key, null);
        }

        _authorizer.AuthorizeObject(context, bucket, obj);
        if (status == StatusCodes.Status200OK && obj.Metadata.WebsiteRedirect is { } location)
        {
            Redirect(http, StatusCodes.Status301MovedPermanently, location);
            return;
        }

        if (obj.Encryption is { IsCustomerKey: true })
        {
            // The website endpoint cannot be given a customer key.
            throw new S3Exception(S3ErrorCatalog.AccessDenied);
        }

        await _responder.ServeAsync(context, bucket, obj, customerKey: null, head: HttpMethods.IsHead(http.Request.Method), status).ConfigureAwait(false);
    }

    private bool IsReadable(HttpContext http, BucketRecord bucket, string key, string requestId)
    {
        var context = Context(http, bucket, key, requestId);
        if (!_authorizer.IsAllowed(context, bucket, S3Actions.GetObject, key) && !ObjectAclMayAllow(context, bucket, key))
        {
            return false;
        }

        return _store.FindObject(bucket.Name, key) is { IsDeleteMarker: false };
    }

    private bool ObjectAclMayAllow(S3Context context, BucketRecord bucket, string key)
    {
        try
        {
            _authorizer.Authorize(context, bucket, S3Actions.GetObject, key);
            if (_store.FindObject(bucket.Name, key) is { IsDeleteMarker: false } obj)
            {
                _authorizer.AuthorizeObject(context, bucket, obj);
                return true;
            }

            return false;
        }
        catch (S3Exception)
        {
            return false;
        }
    }

    private async Task FailAsync(HttpContext http, BucketRecord? bucket, WebsiteConfiguration? configuration, string key, S3Exception error, string requestId)
    {
        var status = error.Error.StatusCode;
        http.Response.Headers.ContentRange = error.Code == "InvalidRange" ? http.Response.Headers.ContentRange : default;
        if (bucket is not null && configuration is not null && status >= 400)
        {
            var rule = configuration.RoutingRules.FirstOrDefault(r =>
                r.HttpErrorCodeReturnedEquals == status && (r.KeyPrefixEquals is null || key.StartsWith(r.KeyPrefixEquals, StringComparison.Ordinal)));
            if (rule is not null)
            {
                RedirectBy(http, rule, key);
                return;
            }

            if (status is >= 400 and < 500 && configuration.ErrorKey is { } errorKey)
            {
                try
                {
                    await ServeObjectAsync(http, bucket, errorKey, requestId, status).ConfigureAwait(false);
                    return;
                }
                catch (S3Exception documentError) when (!http.Response.HasStarted)
                {
                    Log.ErrorDocumentFailed(_logger, requestId, documentError.Code);
                    await WebsiteErrorPage.WriteAsync(http, error, requestId, documentError).ConfigureAwait(false);
                    return;
                }
            }
        }

        await WebsiteErrorPage.WriteAsync(http, error, requestId).ConfigureAwait(false);
    }

    private static void RedirectBy(HttpContext http, RoutingRule rule, string key)
    {
        var r = rule.Redirect;
        var newKey = r.ReplaceKeyWith ?? (r.ReplaceKeyPrefixWith is { } replacement ? replacement + key[(rule.KeyPrefixEquals?.Length ?? 0)..] : key);
        var location = $"{r.Protocol ?? http.Request.Scheme}://{r.HostName ?? http.Request.Host.Value}/{UriEncoding.Encode(newKey, keepSlash: true)}";
        Redirect(http, r.HttpRedirectCode ?? StatusCodes.Status301MovedPermanently, location);
    }

    private static void Redirect(HttpContext http, int status, string location)
    {
        http.Response.StatusCode = status;
        http.Response.Headers.Location = location;
        http.Response.ContentLength = 0;
    }

    private S3Context Context(HttpContext http, BucketRecord bucket, string key, string requestId) => new()
    {
        Http = http,
        Request = new S3Request
        {
            Method = http.Request.Method,
            RawPath = "/" + key,
            RawQuery = string.Empty,
            Query = QueryParameters.Empty,
            Bucket = bucket.Name,
            Key = key,
            Operation = HttpMethods.IsHead(http.Request.Method) ? S3Operation.HeadObject : S3Operation.GetObject,
            OperationName = "GetObject",
        },
        Principal = OriginPrincipal.Anonymous,
        Signature = new SignatureCheck { Status = SignatureStatus.Missing },
        RequestId = requestId,
        Now = _time.GetUtcNow(),
        Authorizer = _authorizer,
    };

    /// <summary>bucket.&lt;base domain&gt; names the bucket; any other host is itself the bucket name.</summary>
    private string BucketOf(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return name.Length > _baseDomain.Length + 1 && name.EndsWith("." + _baseDomain, StringComparison.OrdinalIgnoreCase)
            ? name[..^(_baseDomain.Length + 1)]
            : name;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "{RequestId} website request failed")]
        public static partial void Failed(ILogger logger, string requestId, Exception exception);

        [LoggerMessage(2, LogLevel.Debug, "{RequestId} the error document could not be served: {Code}")]
        public static partial void ErrorDocumentFailed(ILogger logger, string requestId, string code);
    }
}
