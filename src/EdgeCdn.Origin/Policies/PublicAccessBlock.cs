using System.Xml;
using System.Xml.Linq;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Pipeline;

namespace EdgeCdn.Origin.Policies;

/// <summary>S3 Block Public Access for one bucket: the four flags of PublicAccessBlockConfiguration.</summary>
internal sealed record PublicAccessBlock(bool BlockPublicAcls, bool IgnorePublicAcls, bool BlockPublicPolicy, bool RestrictPublicBuckets)
{
    /// <summary>No configuration: nothing is blocked (buckets made before Block Public Access existed).</summary>
    public static readonly PublicAccessBlock None = new(false, false, false, false);

    /// <summary>What new buckets get, as in S3 since April 2023.</summary>
    public static readonly PublicAccessBlock All = new(true, true, true, true);

    public static PublicAccessBlock Parse(XElement root)
    {
        bool Flag(string name)
        {
            var value = RequestXml.Value(root, name)?.Trim();
            return value switch
            {
                null => false,
                "true" or "TRUE" or "True" => true,
                "false" or "FALSE" or "False" => false,
                _ => throw new S3Exception(S3ErrorCatalog.MalformedXML),
            };
        }

        return new PublicAccessBlock(Flag("BlockPublicAcls"), Flag("IgnorePublicAcls"), Flag("BlockPublicPolicy"), Flag("RestrictPublicBuckets"));
    }

    public static PublicAccessBlock FromStored(string xml) => Parse(XElement.Parse(xml));

    public string ToXml() => XmlDocuments.Write("PublicAccessBlockConfiguration", Write);

    public void Write(XmlWriter w)
    {
        XmlResponse.Element(w, "BlockPublicAcls", BlockPublicAcls);
        XmlResponse.Element(w, "IgnorePublicAcls", IgnorePublicAcls);
        XmlResponse.Element(w, "BlockPublicPolicy", BlockPublicPolicy);
        XmlResponse.Element(w, "RestrictPublicBuckets", RestrictPublicBuckets);
    }
}
