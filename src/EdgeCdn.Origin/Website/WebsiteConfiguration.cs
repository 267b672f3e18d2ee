using System.Globalization;
using System.Xml.Linq;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Pipeline;

namespace EdgeCdn.Origin.Website;

/// <summary>
/// A bucket's WebsiteConfiguration: IndexDocument (a suffix appended to folder requests), ErrorDocument (served for
/// 4xx answers, keeping their status), RoutingRules, or RedirectAllRequestsTo alone. Refused as S3 refuses: no
/// IndexDocument without RedirectAllRequestsTo, a suffix that is empty or has a slash, RedirectAllRequestsTo with other
/// elements, both ReplaceKeyWith and ReplaceKeyPrefixWith, redirect codes outside 3xx, error codes outside 4xx/5xx.
/// </summary>
internal sealed record WebsiteConfiguration(string? IndexSuffix, string? ErrorKey, string? RedirectAllHost, string? RedirectAllProtocol, IReadOnlyList<RoutingRule> RoutingRules)
{
    public const int MaxRoutingRules = 50;

    public static WebsiteConfiguration FromStored(string xml) => Parse(System.Text.Encoding.UTF8.GetBytes(xml));

    public static WebsiteConfiguration Parse(byte[] body)
    {
        var root = RequestXml.Parse(body, "WebsiteConfiguration");
        var redirectAll = RequestXml.Children(root, "RedirectAllRequestsTo").ToList();
        var index = RequestXml.Children(root, "IndexDocument").ToList();
        var error = RequestXml.Children(root, "ErrorDocument").ToList();
        var rules = RequestXml.Children(root, "RoutingRules").ToList();
        if (redirectAll.Count > 1 || index.Count > 1 || error.Count > 1 || rules.Count > 1)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        if (redirectAll.Count == 1)
        {
            if (index.Count + error.Count + rules.Count > 0)
            {
                throw Invalid("RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.", "RedirectAllRequestsTo");
            }

            var host = RequestXml.Value(redirectAll[0], "HostName")?.Trim();
            if (string.IsNullOrEmpty(host))
            {
                throw Invalid("A host name must be provided in RedirectAllRequestsTo.", "HostName");
            }

            return new WebsiteConfiguration(null, null, host, Protocol(RequestXml.Value(redirectAll[0], "Protocol")), []);
        }

        if (index.Count == 0)
        {
            throw Invalid("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty", "IndexDocument");
        }

        var suffix = RequestXml.Value(index[0], "Suffix");
        if (string.IsNullOrEmpty(suffix) || suffix.Contains('/', StringComparison.Ordinal))
        {
            throw Invalid("The IndexDocument Suffix is not well formed", "IndexDocument");
        }

        string? errorKey = null;
        if (error.Count == 1)
        {
            errorKey = RequestXml.Value(error[0], "Key");
            if (string.IsNullOrEmpty(errorKey))
            {
                throw Invalid("The ErrorDocument Key is not well formed", "ErrorDocument");
            }
        }

        var routing = rules.Count == 1 ? RequestXml.Children(rules[0], "RoutingRule").Select(ParseRule).ToList() : [];
        if (routing.Count > MaxRoutingRules)
        {
            throw Invalid($"The number of routing rules must not exceed {MaxRoutingRules}.", "RoutingRules");
        }

        return new WebsiteConfiguration(suffix, errorKey, null, null, routing);
    }

    private static RoutingRule ParseRule(XElement rule)
    {
        var conditions = RequestXml.Children(rule, "Condition").ToList();
        var redirects = RequestXml.Children(rule, "Redirect").ToList();
        if (conditions.Count > 1 || redirects.Count != 1)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        string? prefix = null;
        int? errorCode = null;
        if (conditions.Count == 1)
        {
            prefix = RequestXml.Value(conditions[0], "KeyPrefixEquals");
            var codeText = RequestXml.Value(conditions[0], "HttpErrorCodeReturnedEquals");
            if (prefix is null && codeText is null)
            {
                throw Invalid("Condition cannot be empty. To redirect all requests without a condition, the condition element shouldn't be present.", "Condition");
            }

            if (codeText is not null)
            {
                errorCode = int.TryParse(codeText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 400 and <= 599
                    ? code
                    : throw Invalid($"The provided HTTP error code ({codeText}) is not valid. Valid codes are 4XX or 5XX.", "HttpErrorCodeReturnedEquals");
            }
        }

        var redirect = redirects[0];
        var replaceKey = RequestXml.Value(redirect, "ReplaceKeyWith");
        var replacePrefix = RequestXml.Value(redirect, "ReplaceKeyPrefixWith");
        if (replaceKey is not null && replacePrefix is not null)
        {
            throw Invalid("You can only define ReplaceKeyPrefix or ReplaceKey but not both.", "Redirect");
        }

        int? redirectCode = null;
        if (RequestXml.Value(redirect, "HttpRedirectCode") is { } redirectText)
        {
            redirectCode = int.TryParse(redirectText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 301 and <= 399
                ? code
                : throw Invalid($"The provided HTTP redirect code ({redirectText}) is not valid. Valid codes are 3XX except 300.", "HttpRedirectCode");
        }

        var hostName = RequestXml.Value(redirect, "HostName")?.Trim();
        var protocol = Protocol(RequestXml.Value(redirect, "Protocol"));
        if (hostName is null && protocol is null && replaceKey is null && replacePrefix is null && redirectCode is null)
        {
            throw Invalid("The Redirect element must say where to redirect.", "Redirect");
        }

        return new RoutingRule(prefix, errorCode, new WebsiteRedirect(string.IsNullOrEmpty(hostName) ? null : hostName, protocol, redirectCode, replacePrefix, replaceKey));
    }

    private static string? Protocol(string? text) => text?.Trim() switch
    {
        null or "" => null,
        "http" or "https" => text.Trim(),
        _ => throw Invalid("Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically.", "Protocol"),
    };

    private static S3Exception Invalid(string message, string argument) =>
        new(S3ErrorCatalog.InvalidArgument, message, S3Exception.Detail("ArgumentName", argument));

    public string ToXml() => XmlDocuments.Write("WebsiteConfiguration", w =>
    {
        if (RedirectAllHost is not null)
        {
            w.WriteStartElement("RedirectAllRequestsTo");
            XmlResponse.Element(w, "HostName", RedirectAllHost);
            if (RedirectAllProtocol is not null)
            {
                XmlResponse.Element(w, "Protocol", RedirectAllProtocol);
            }

            w.WriteEndElement();
            return;
        }

        w.WriteStartElement("IndexDocument");
        XmlResponse.Element(w, "Suffix", IndexSuffix);
        w.WriteEndElement();
        if (ErrorKey is not null)
        {
            w.WriteStartElement("ErrorDocument");
            XmlResponse.Element(w, "Key", ErrorKey);
            w.WriteEndElement();
        }

        if (RoutingRules.Count == 0)
        {
            return;
        }

        w.WriteStartElement("RoutingRules");
        foreach (var rule in RoutingRules)
        {
            w.WriteStartElement("RoutingRule");
            if (rule.HasCondition)
            {
                w.WriteStartElement("Condition");
                if (rule.KeyPrefixEquals is not null)
                {
                    XmlResponse.Element(w, "KeyPrefixEquals", rule.KeyPrefixEquals);
                }

                if (rule.HttpErrorCodeReturnedEquals is { } code)
                {
                    XmlResponse.Element(w, "HttpErrorCodeReturnedEquals", code);
                }

                w.WriteEndElement();
            }

            w.WriteStartElement("Redirect");
            var r = rule.Redirect;
            if (r.HostName is not null)
            {
                XmlResponse.Element(w, "HostName", r.HostName);
            }

            if (r.HttpRedirectCode is { } redirectCode)
            {
                XmlResponse.Element(w, "HttpRedirectCode", redirectCode);
            }

            if (r.Protocol is not null)
            {
                XmlResponse.Element(w, "Protocol", r.Protocol);
            }

            if (r.ReplaceKeyPrefixWith is not null)
            {
                XmlResponse.Element(w, "ReplaceKeyPrefixWith", r.ReplaceKeyPrefixWith);
            }

            if (r.ReplaceKeyWith is not null)
            {
                XmlResponse.Element(w, "ReplaceKeyWith", r.ReplaceKeyWith);
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();
    });
}
