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

    public static string HostIdOf(string requestId) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(requestId)));
}
