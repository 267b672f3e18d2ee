using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Pipeline;

namespace EdgeCdn.Origin.Cors;

/// <summary>
/// A bucket's CORSConfiguration, validated as S3 validates it: 1 to 100 rules, each with at least one AllowedMethod
/// (GET, PUT, POST, DELETE or HEAD; others are InvalidRequest) and AllowedOrigin, at most one '*' in an origin or
/// header pattern (InvalidRequest), MaxAgeSeconds a non-negative integer.
/// </summary>
internal sealed record CorsConfiguration(IReadOnlyList<CorsRule> Rules)
{
    public const int MaxRules = 100;
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "GET", "PUT", "POST", "DELETE", "HEAD" };

    public static CorsConfiguration FromStored(string xml) => Parse(System.Text.Encoding.UTF8.GetBytes(xml));

    public static CorsConfiguration Parse(byte[] body)
    {
        var root = RequestXml.Parse(body, "CORSConfiguration");
        var elements = RequestXml.Children(root, "CORSRule").ToList();
        if (elements.Count is 0 or > MaxRules)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML,
                elements.Count == 0 ? null : $"The CORS configuration has more than {MaxRules} rules.");
        }

        var rules = new List<CorsRule>();
        foreach (var element in elements)
        {
            var methods = Values(element, "AllowedMethod");
            var origins = Values(element, "AllowedOrigin");
            if (methods.Count == 0 || origins.Count == 0)
            {
                throw new S3Exception(S3ErrorCatalog.MalformedXML);
            }

            foreach (var method in methods.Where(m => !Methods.Contains(m)))
            {
                throw new S3Exception(S3ErrorCatalog.InvalidRequest, $"Found unsupported HTTP method in CORS config. Unsupported method is {method}");
            }

            foreach (var origin in origins.Where(o => o.Count(c => c == '*') > 1))
            {
                throw new S3Exception(S3ErrorCatalog.InvalidRequest, $"AllowedOrigin \"{origin}\" can not have more than one wildcard.");
            }

            var headers = Values(element, "AllowedHeader");
            foreach (var header in headers.Where(h => h.Count(c => c == '*') > 1))
            {
                throw new S3Exception(S3ErrorCatalog.InvalidRequest, $"AllowedHeader \"{header}\" can not have more than one wildcard.");
            }

            int? maxAge = null;
            if (RequestXml.Value(element, "MaxAgeSeconds") is { } text)
            {
                maxAge = int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                    ? seconds
                    : throw new S3Exception(S3ErrorCatalog.MalformedXML);
            }

            var id = RequestXml.Value(element, "ID");
            if (id is { Length: > 255 })
            {
                throw new S3Exception(S3ErrorCatalog.InvalidArgument, "ID length should not exceed allowed limit of 255", S3Exception.Detail("ArgumentName", "ID"));
            }

            rules.Add(new CorsRule(id, methods, origins, headers, Values(element, "ExposeHeader"), maxAge));
        }

        return new CorsConfiguration(rules);
    }

    /// <summary>The first rule that allows <paramref name="origin"/> to use <paramref name="method"/> with every one of
    /// <paramref name="requestHeaders"/> (S3 takes the first match).</summary>
    public CorsRule? Match(string origin, string method, IReadOnlyList<string> requestHeaders) =>
        Rules.FirstOrDefault(r => r.MatchesOrigin(origin) && r.AllowedMethods.Contains(method, StringComparer.Ordinal) && requestHeaders.All(r.AllowsHeader));

    public string ToXml() => XmlDocuments.Write("CORSConfiguration", w =>
    {
        foreach (var rule in Rules)
        {
            w.WriteStartElement("CORSRule");
            if (rule.Id is not null)
            {
                XmlResponse.Element(w, "ID", rule.Id);
            }

            foreach (var header in rule.AllowedHeaders)
            {
                XmlResponse.Element(w, "AllowedHeader", header);
            }

            foreach (var method in rule.AllowedMethods)
            {
                XmlResponse.Element(w, "AllowedMethod", method);
            }

            foreach (var origin in rule.AllowedOrigins)
            {
                XmlResponse.Element(w, "AllowedOrigin", origin);
            }

            foreach (var header in rule.ExposeHeaders)
            {
                XmlResponse.Element(w, "ExposeHeader", header);
            }

            if (rule.MaxAgeSeconds is { } maxAge)
            {
                XmlResponse.Element(w, "MaxAgeSeconds", maxAge);
            }

            w.WriteEndElement();
        }
    });

    private static List<string> Values(System.Xml.Linq.XElement rule, string name) =>
        RequestXml.Children(rule, name).Select(e => e.Value.Trim()).Where(v => v.Length > 0).ToList();
}
