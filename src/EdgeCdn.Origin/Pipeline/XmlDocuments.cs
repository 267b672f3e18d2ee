using System.Text;
using System.Xml;

namespace EdgeCdn.Origin.Pipeline;

/// <summary>Configuration documents as stored: the same canonical XML that the Get* operation returns.</summary>
internal static class XmlDocuments
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        OmitXmlDeclaration = true,
        CheckCharacters = false,
    };

    public static string Write(string root, Action<XmlWriter> body)
    {
        var text = new StringBuilder(256);
        using (var writer = XmlWriter.Create(text, Settings))
        {
            writer.WriteStartElement(root, XmlResponse.Namespace);
            body(writer);
            writer.WriteEndElement();
        }

        return text.ToString();
    }

    /// <summary>Sends a stored document as the response body, with the XML declaration S3 puts first.</summary>
    public static async Task WriteResponseAsync(Microsoft.AspNetCore.Http.HttpResponse response, string document)
    {
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + document);
        response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status200OK;
        response.ContentType = "application/xml";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, response.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
