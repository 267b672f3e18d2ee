using System.Xml;
using EdgeCdn.Core.S3;
using EdgeCdn.Core.Signing;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Pipeline;

namespace EdgeCdn.Origin.Tagging;

/// <summary>
/// Tag sets as S3 checks them: at most 10 per object (50 per bucket), keys of 1 to 128 and values of at most 256
/// characters, unique keys, nothing in the reserved aws: namespace. From x-amz-tagging (URL query form) or a Tagging
/// document.
/// </summary>
internal static class TagSet
{
    public const int MaxObjectTags = 10;
    public const int MaxBucketTags = 50;

    public static List<KeyValuePair<string, string>> FromHeader(string header)
    {
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var pair in header.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = UriEncoding.DecodeQueryComponent(eq < 0 ? pair : pair.AsSpan(0, eq));
            var value = eq < 0 ? string.Empty : UriEncoding.DecodeQueryComponent(pair.AsSpan(eq + 1));
            tags.Add(new KeyValuePair<string, string>(key, value));
        }

        return Validate(tags, MaxObjectTags);
    }

    public static List<KeyValuePair<string, string>> FromXml(byte[] body, int max)
    {
        var root = RequestXml.Parse(body, "Tagging");
        var set = RequestXml.Children(root, "TagSet").FirstOrDefault() ?? throw new S3Exception(S3ErrorCatalog.MalformedXML);
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var tag in RequestXml.Children(set, "Tag"))
        {
            var key = RequestXml.Value(tag, "Key") ?? throw new S3Exception(S3ErrorCatalog.MalformedXML);
            tags.Add(new KeyValuePair<string, string>(key, RequestXml.Value(tag, "Value") ?? string.Empty));
        }

        return Validate(tags, max);
    }

    public static List<KeyValuePair<string, string>> Validate(List<KeyValuePair<string, string>> tags, int max)
    {
        if (tags.Count > max)
        {
            throw new S3Exception(S3ErrorCatalog.BadRequest, max == MaxObjectTags ? "Object tags cannot be greater than 10" : "Bucket tag count cannot be greater than 50");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128)
            {
                throw new S3Exception(S3ErrorCatalog.InvalidTag, "The TagKey you have provided is invalid");
            }

            if (value.Length > 256)
            {
                throw new S3Exception(S3ErrorCatalog.InvalidTag, "The TagValue you have provided is too long, max 256");
            }

            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Exception(S3ErrorCatalog.InvalidTag, "Your TagKey cannot be prefixed with aws:");
            }

            if (!seen.Add(key))
            {
                throw new S3Exception(S3ErrorCatalog.InvalidTag, "Cannot provide multiple Tags with the same key");
            }
        }

        return tags;
    }

    public static void Write(XmlWriter w, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        w.WriteStartElement("TagSet");
        foreach (var (key, value) in tags)
        {
            w.WriteStartElement("Tag");
            XmlResponse.Element(w, "Key", key);
            XmlResponse.Element(w, "Value", value);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }
}
