using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Pipeline;

/// <summary>The one place where failures become responses: the status AWS uses and an &lt;Error&gt; document (none for
/// HEAD requests and 304, as S3 does).</summary>
internal static class S3ErrorResponder
{
    public static async Task WriteAsync(HttpContext context, S3Exception error, string? resource, string requestId)
    {
        var response = context.Response;
        response.StatusCode = error.Error.StatusCode;
        response.Headers.ContentRange = error.Error.Code == "InvalidRange" ? response.Headers.ContentRange : default;
        response.Headers.ContentType = default;
        response.Headers.ContentLength = default;
        if (error.Error.StatusCode == StatusCodes.Status304NotModified)
        {
            return;
        }

        response.Headers.ETag = error.Error.StatusCode == StatusCodes.Status412PreconditionFailed ? response.Headers.ETag : default;
        response.Headers.LastModified = default;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            // HEAD answers carry no body; S3 names the error in a header for those who care.
            response.Headers["x-amz-error-code"] = error.Error.Code;
            return;
        }

        var document = new S3ErrorDocument
        {
            Code = error.Error.Code,
            Message = error.Message,
            Details = error.Details,
            Resource = resource,
            RequestId = requestId,
            HostId = HostIdOf(requestId),
        };
        var bytes = document.ToUtf8Bytes();
        response.ContentType = "application/xml";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The x-amz-id-2 / HostId of a request: an opaque 32-byte token in base64, as S3's, derived from the
    /// request id (so the header and an error body agree) by a cheap mixing function: it identifies, it hides
    /// nothing, so it costs no hash call per request.</summary>
    public static string HostIdOf(string requestId)
    {
        var state = 0x243F6A8885A308D3UL;
        foreach (var c in requestId)
        {
            state = (state ^ c) * 0x100000001B3UL;
        }

        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < 4; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes[(i * 8)..], Core.Checksums.SplitMix64.Next(ref state));
        }

        return Convert.ToBase64String(bytes);
    }
}
