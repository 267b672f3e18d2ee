using System.Net;
using System.Text;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace EdgeCdn.Origin.Website;

/// <summary>The website endpoint's errors, as S3 renders them: an HTML page listing code, message and details.</summary>
internal static class WebsiteErrorPage
{
    public static async Task WriteAsync(HttpContext http, S3Exception error, string requestId, S3Exception? errorDocumentFailure = null)
    {
        var status = error.Error.StatusCode;
        var response = http.Response;
        response.StatusCode = status;
        if (status == StatusCodes.Status304NotModified)
        {
            return;
        }

        var title = $"{status} {ReasonPhrases.GetReasonPhrase(status)}";
        var html = new StringBuilder(512);
        html.Append("<html>\n<head><title>").Append(Encode(title)).Append("</title></head>\n<body>\n<h1>").Append(Encode(title)).Append("</h1>\n<ul>\n");
        Item(html, "Code", error.Code);
        Item(html, "Message", error.Message);
        foreach (var (name, value) in error.Details)
        {
            Item(html, name, value);
        }

        Item(html, "RequestId", requestId);
        Item(html, "HostId", S3ErrorResponder.HostIdOf(requestId));
        html.Append("</ul>\n");
        if (errorDocumentFailure is not null)
        {
            html.Append("<h3>An Error Occurred While Attempting to Retrieve a Custom Error Document</h3>\n<ul>\n");
            Item(html, "Code", errorDocumentFailure.Code);
            Item(html, "Message", errorDocumentFailure.Message);
            html.Append("</ul>\n");
        }

        html.Append("<hr/>\n</body>\n</html>\n");
        var bytes = Encoding.UTF8.GetBytes(html.ToString());
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static void Item(StringBuilder html, string name, string value) =>
        html.Append("<li>").Append(Encode(name)).Append(": ").Append(Encode(value)).Append("</li>\n");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
