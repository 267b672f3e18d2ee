using System.Xml;
using System.Xml.Linq;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;

namespace EdgeCdn.Origin.Pipeline;

/// <summary>Parses small XML request bodies (no DTDs, no external entities); elements are matched by local name
/// because clients differ on whether they send S3's namespace.</summary>
internal static class RequestXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersFromEntities = 0,
    };

    public static XElement Parse(byte[] body, string root)
    {
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            using var reader = XmlReader.Create(stream, Settings);
            var element = XElement.Load(reader);
            return element.Name.LocalName == root ? element : throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }
        catch (XmlException)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }
    }

    public static IEnumerable<XElement> Children(XElement parent, string name) => parent.Elements().Where(e => e.Name.LocalName == name);

    public static string? Value(XElement parent, string name) => Children(parent, name).FirstOrDefault()?.Value;
}
