using System.Diagnostics;
using EdgeCdn.Core.S3;
using EdgeCdn.Core.Signing;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Cors;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Routing;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Pipeline;

/// <summary>
/// Every S3 request goes through here, in this order: parse (addressing, operation) → authenticate (signature, before
/// any bucket is looked up; unsigned requests go on as anonymous) → reject what is not implemented → the CORS headers
/// of the bucket for requests with an Origin → the operation's handler, which looks its bucket up and has the
/// <see cref="BucketAuthorizer"/> decide (bucket policy, Block Public Access, ownership, ACLs) before touching storage.
/// Whatever fails on the way is rendered by <see cref="S3ErrorResponder"/>; every response carries x-amz-request-id.
/// </summary>
internal sealed partial class S3RequestPipeline
{
    private readonly RequestAuthenticator _authenticator;
    private readonly BucketAuthorizer _authorizer;
    private readonly ObjectStore _store;
    private readonly S3Dispatcher _dispatcher;
    private readonly OriginMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _baseDomain;

    public S3RequestPipeline(
        RequestAuthenticator authenticator, BucketAuthorizer authorizer, ObjectStore store, S3Dispatcher dispatcher, OriginMetrics metrics, TimeProvider time,
        IOptions<OriginOptions> options, ILogger<S3RequestPipeline> logger)
    {
        _authenticator = authenticator;
        _authorizer = authorizer;
        _store = store;
        _dispatcher = dispatcher;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _baseDomain = options.Value.BaseDomain;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = RequestIds.Next();
        var headers = context.Response.Headers;
        headers["x-amz-request-id"] = requestId;
        headers["x-amz-id-2"] = S3ErrorResponder.HostIdOf(requestId);
        headers.Server = "EdgeCdn";
        if (context.Request.Headers.Expect.ToString().Equals("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.OnStarting(CloseIfContinueWasNotSent, context);
        }

        S3Request? request = null;
        var operation = "Unknown";
        try
        {
            var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
            request = S3RequestParser.Parse(context.Request.Method, rawTarget, context.Request.Host.Value, _baseDomain,
                context.Request.Headers.ContainsKey("x-amz-copy-source"));
            operation = request.OperationName;

            var (principal, signature) = _authenticator.Authenticate(context.Request, request);
            var caller = principal ?? OriginPrincipal.Anonymous;
            if (request.KeyError is { } keyError)
            {
                // An unsigned request learns nothing about keys.
                throw caller.IsAnonymous ? new S3Exception(S3ErrorCatalog.AccessDenied) : keyError;
            }

            if (caller.IsAnonymous && request.Operation != S3Operation.CorsPreflight && (request.Bucket is null || _store.FindBucket(request.Bucket) is null))
            {
                // Unsigned callers learn nothing about which buckets exist (the origin is private by default).
                throw new S3Exception(S3ErrorCatalog.AccessDenied);
            }

            switch (request.Operation)
            {
                case S3Operation.NotImplemented:
                    throw new S3Exception(S3ErrorCatalog.NotImplemented, $"{request.OperationName} is not implemented by this server.");
                case S3Operation.MethodNotAllowed:
                    throw new S3Exception(S3ErrorCatalog.MethodNotAllowed, null,
                        S3Exception.Detail("Method", context.Request.Method), S3Exception.Detail("ResourceType", request.Key is null ? "BUCKET" : "OBJECT"));
            }

            if (request.Bucket is { } bucketName && context.Request.Headers.Origin.Count > 0 && request.Operation != S3Operation.CorsPreflight &&
                _store.FindBucket(bucketName) is { } bucket)
            {
                CorsResponder.ApplyToResponse(context, bucket);
            }

            await _dispatcher.DispatchAsync(new S3Context
            {
                Http = context,
                Request = request,
                Principal = caller,
                Signature = signature,
                RequestId = requestId,
                Now = _time.GetUtcNow(),
                Authorizer = _authorizer,
            }).ConfigureAwait(false);
        }
        catch (S3Exception e)
        {
            await FailAsync(context, e, request, requestId).ConfigureAwait(false);
        }
        catch (ChunkedPayloadException e)
        {
            Log.BadChunkedBody(_logger, requestId, e.Error);
            await FailAsync(context, new S3Exception(S3ErrorCatalog.Get(e.S3ErrorCode), e.Message), request, requestId).ConfigureAwait(false);
        }
        catch (Exception e) when (IsClientGone(context, e))
        {
            Log.ClientGone(_logger, requestId, operation, e.Message);
            context.Abort();
        }
        catch (Exception e)
        {
            Log.Failed(_logger, requestId, operation, e);
            if (context.Response.HasStarted)
            {
                context.Abort();
            }
            else
            {
                await FailAsync(context, new S3Exception(S3ErrorCatalog.InternalError), request, requestId).ConfigureAwait(false);
            }
        }
        finally
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            _metrics.Request(operation, context.Response.StatusCode, seconds);
            Log.Handled(_logger, requestId, operation, request?.Bucket, context.Response.StatusCode, seconds * 1000);
        }
    }

    /// <summary>
    /// A final answer to an "Expect: 100-continue" request that was given without "100 Continue" (an empty body, or
    /// a refusal before the body was read) closes the connection. Kestrel sends 100 Continue only when the body is
    /// read, and botocore (the aws CLI) keeps the early answer's status line attached to the connection and misreads
    /// the next response on it, stalling for its read timeout; a fresh connection resets it.
    /// </summary>
    private static Task CloseIfContinueWasNotSent(object state)
    {
        var context = (HttpContext)state;
        if (context.Request.ContentLength == 0 || context.Response.StatusCode >= 300)
        {
            context.Response.Headers.Connection = "close";
        }

        return Task.CompletedTask;
    }

    private async Task FailAsync(HttpContext context, S3Exception error, S3Request? request, string requestId)
    {
        if (context.Response.HasStarted)
        {
            // The status line is gone; cutting the connection is the only way to tell the client the body is bad.
            Log.FailedAfterStart(_logger, requestId, error.Code);
            context.Abort();
            return;
        }

        Log.Refused(_logger, requestId, request?.OperationName ?? "Unknown", error.Code, error.Error.StatusCode);
        await S3ErrorResponder.WriteAsync(context, error, request?.Resource, requestId).ConfigureAwait(false);
    }

    private static bool IsClientGone(HttpContext context, Exception e) =>
        context.RequestAborted.IsCancellationRequested ||
        e is BadHttpRequestException or ConnectionResetException ||
        (e is OperationCanceledException && context.RequestAborted.IsCancellationRequested);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "{RequestId} {Operation} bucket={Bucket} -> {Status} in {Milliseconds:F1} ms")]
        public static partial void Handled(ILogger logger, string requestId, string operation, string? bucket, int status, double milliseconds);

        [LoggerMessage(2, LogLevel.Debug, "{RequestId} {Operation} refused: {Code} ({Status})")]
        public static partial void Refused(ILogger logger, string requestId, string operation, string code, int status);

        [LoggerMessage(3, LogLevel.Debug, "{RequestId} aws-chunked body refused: {Error}")]
        public static partial void BadChunkedBody(ILogger logger, string requestId, ChunkedPayloadError error);

        [LoggerMessage(4, LogLevel.Debug, "{RequestId} {Operation}: the client went away ({Reason})")]
        public static partial void ClientGone(ILogger logger, string requestId, string operation, string reason);

        [LoggerMessage(5, LogLevel.Error, "{RequestId} {Operation} failed")]
        public static partial void Failed(ILogger logger, string requestId, string operation, Exception exception);

        [LoggerMessage(6, LogLevel.Warning, "{RequestId} failed with {Code} after the response started; connection aborted")]
        public static partial void FailedAfterStart(ILogger logger, string requestId, string code);
    }
}
