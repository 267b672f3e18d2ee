using System.Text;
using System.Xml;

namespace EdgeCdn.Core.S3;

/// <summary>
/// The S3 &lt;Error&gt; document: Code, Message, the elements some codes add (BucketName, Key, CanonicalRequest,
/// StringToSign...), Resource and RequestId. Written as AWS writes it and parsed from any S3 service.
/// </summary>
public sealed class S3ErrorDocument
{
    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        OmitXmlDeclaration = false,
    };

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        MaxCharactersInDocument = 1 << 20,
    };

    public required string Code { get; init; }

    public required string Message { get; init; }

    public string? Resource { get; init; }

    public string? RequestId { get; init; }

    public string? HostId { get; init; }

    /// <summary>Further elements in the order they are written, e.g. ("BucketName", "photos").</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];

    public string? GetDetail(string name) => Details.FirstOrDefault(d => d.Key == name).Value;

    public byte[] ToUtf8Bytes()
    {
        using var stream = new MemoryStream(256);
        WriteTo(stream);
        return stream.ToArray();
    }

    public void WriteTo(Stream stream)
    {
        using var writer = XmlWriter.Create(stream, WriterSettings);
        writer.WriteStartDocument();
        writer.WriteStartElement("Error");
        writer.WriteElementString("Code", Code);
        writer.WriteElementString("Message", Message);
        foreach (var (name, value) in Details)
        {
            writer.WriteElementString(name, value);
        }

        if (Resource is not null)
        {
            writer.WriteElementString("Resource", Resource);
        }

        if (RequestId is not null)
        {
            writer.WriteElementString("RequestId", RequestId);
        }

        if (HostId is not null)
        {
            writer.WriteElementString("HostId", HostId);
        }

        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    /// <summary>Parses an &lt;Error&gt; document; false when the input is not one.</summary>
    public static bool TryParse(Stream stream, out S3ErrorDocument? document)
    {
        document = null;
        try
        {
            using var reader = XmlReader.Create(stream, ReaderSettings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "Error")
            {
                return false;
            }

            string? code = null, message = null, resource = null, requestId = null, hostId = null;
            var details = new List<KeyValuePair<string, string>>();
            if (!reader.IsEmptyElement)
            {
                reader.Read();
                while (reader.NodeType == XmlNodeType.Element)
                {
                    var name = reader.LocalName;
                    var value = reader.ReadElementContentAsString();
                    switch (name)
                    {
                        case "Code": code = value; break;
                        case "Message": message = value; break;
                        case "Resource": resource = value; break;
                        case "RequestId": requestId = value; break;
                        case "HostId": hostId = value; break;
                        default: details.Add(new KeyValuePair<string, string>(name, value)); break;
                    }
                }
            }

            if (code is null)
            {
                return false;
            }

            document = new S3ErrorDocument
            {
                Code = code, Message = message ?? string.Empty, Resource = resource, RequestId = requestId, HostId = hostId, Details = details,
            };
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
