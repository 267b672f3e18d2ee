using System.Xml;
using EdgeCdn.Origin.Pipeline;

namespace EdgeCdn.Origin.Lifecycle;

/// <summary>A bucket's lifecycle rules, as stored (the canonical XML GetBucketLifecycleConfiguration returns).</summary>
internal sealed record LifecycleConfiguration(IReadOnlyList<LifecycleRule> Rules)
{
    public static LifecycleConfiguration FromStored(string xml) => LifecycleParser.Parse(System.Text.Encoding.UTF8.GetBytes(xml));

    public string ToXml() => XmlDocuments.Write("LifecycleConfiguration", w =>
    {
        foreach (var rule in Rules)
        {
            WriteRule(w, rule);
        }
    });

    private static void WriteRule(XmlWriter w, LifecycleRule rule)
    {
        w.WriteStartElement("Rule");
        XmlResponse.Element(w, "ID", rule.Id);
        if (rule.LegacyPrefix)
        {
            XmlResponse.Element(w, "Prefix", rule.Filter.Prefix);
        }
        else
        {
            WriteFilter(w, rule.Filter);
        }

        XmlResponse.Element(w, "Status", rule.Enabled ? "Enabled" : "Disabled");
        foreach (var transition in rule.Transitions)
        {
            w.WriteStartElement("Transition");
            WriteWhen(w, transition.Days, transition.Date);
            XmlResponse.Element(w, "StorageClass", transition.StorageClass);
            w.WriteEndElement();
        }

        if (rule.HasExpiration)
        {
            w.WriteStartElement("Expiration");
            WriteWhen(w, rule.ExpirationDays, rule.ExpirationDate);
            if (rule.ExpiredObjectDeleteMarker is { } marker)
            {
                XmlResponse.Element(w, "ExpiredObjectDeleteMarker", marker);
            }

            w.WriteEndElement();
        }

        foreach (var transition in rule.NoncurrentTransitions)
        {
            w.WriteStartElement("NoncurrentVersionTransition");
            XmlResponse.Element(w, "NoncurrentDays", transition.Days);
            XmlResponse.Element(w, "StorageClass", transition.StorageClass);
            if (transition.NewerVersions is { } newer)
            {
                XmlResponse.Element(w, "NewerNoncurrentVersions", newer);
            }

            w.WriteEndElement();
        }

        if (rule.NoncurrentExpirationDays is { } days)
        {
            w.WriteStartElement("NoncurrentVersionExpiration");
            XmlResponse.Element(w, "NoncurrentDays", days);
            if (rule.NoncurrentExpirationNewerVersions is { } newer)
            {
                XmlResponse.Element(w, "NewerNoncurrentVersions", newer);
            }

            w.WriteEndElement();
        }

        if (rule.AbortIncompleteMultipartUploadDays is { } abort)
        {
            w.WriteStartElement("AbortIncompleteMultipartUpload");
            XmlResponse.Element(w, "DaysAfterInitiation", abort);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteFilter(XmlWriter w, LifecycleFilter filter)
    {
        w.WriteStartElement("Filter");
        var parts = (filter.Prefix.Length > 0 ? 1 : 0) + filter.Tags.Count + (filter.SizeGreaterThan is null ? 0 : 1) + (filter.SizeLessThan is null ? 0 : 1);
        if (parts > 1)
        {
            w.WriteStartElement("And");
        }

        if (filter.Prefix.Length > 0 || parts == 0)
        {
            XmlResponse.Element(w, "Prefix", filter.Prefix);
        }

        foreach (var (key, value) in filter.Tags)
        {
            w.WriteStartElement("Tag");
            XmlResponse.Element(w, "Key", key);
            XmlResponse.Element(w, "Value", value);
            w.WriteEndElement();
        }

        if (filter.SizeGreaterThan is { } min)
        {
            XmlResponse.Element(w, "ObjectSizeGreaterThan", min);
        }

        if (filter.SizeLessThan is { } max)
        {
            XmlResponse.Element(w, "ObjectSizeLessThan", max);
        }

        if (parts > 1)
        {
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteWhen(XmlWriter w, int? days, DateTimeOffset? date)
    {
        if (days is { } d)
        {
            XmlResponse.Element(w, "Days", d);
        }

        if (date is { } at)
        {
            w.WriteElementString("Date", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
