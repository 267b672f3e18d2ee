using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Pipeline;

/// <summary>Writes S3 XML response documents. Small documents (listings are bounded by max-keys) are rendered into a
/// buffer first so that Content-Length is exact.</summary>
internal static class XmlResponse
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        // Keys may hold characters XML 1.0 cannot carry; like S3, write them as character references.
        CheckCharacters = false,
        NewLineHandling = NewLineHandling.Entitize,
    };

    public static async Task WriteAsync(HttpResponse response, string root, Action<XmlWriter> body, int statusCode = StatusCodes.Status200OK)
    {
        using var buffer = new MemoryStream(1024);
        using (var writer = XmlWriter.Create(buffer, Settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement(root, Namespace);
            body(writer);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        response.StatusCode = statusCode;
        response.ContentType = "application/xml";
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>An element with text; characters XML cannot hold literally become character references.</summary>
    public static void Element(XmlWriter writer, string name, string? value)
    {
        writer.WriteStartElement(name);
        if (!string.IsNullOrEmpty(value))
        {
            Text(writer, value);
        }

        writer.WriteEndElement();
    }

    public static void Element(XmlWriter writer, string name, long value) =>
        writer.WriteElementString(name, value.ToString(CultureInfo.InvariantCulture));

    public static void Element(XmlWriter writer, string name, bool value) =>
        writer.WriteElementString(name, value ? "true" : "false");

    public static void Element(XmlWriter writer, string name, DateTimeOffset value) =>
        writer.WriteElementString(name, Timestamp(value));

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Text(XmlWriter writer, string value)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 || c is '\t' or '\n' or '\r')
            {
                continue;
            }

            if (i > start)
            {
                writer.WriteString(value[start..i]);
            }

            writer.WriteCharEntity(c);
            start = i + 1;
        }

        if (start < value.Length)
        {
            writer.WriteString(start == 0 ? value : value[start..]);
        }
    }
}
