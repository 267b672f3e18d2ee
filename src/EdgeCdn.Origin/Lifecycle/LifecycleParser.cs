using System.Globalization;
using System.Xml.Linq;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Restore;

namespace EdgeCdn.Origin.Lifecycle;

/// <summary>
/// Reads a LifecycleConfiguration and refuses what S3 refuses, with S3's codes: structure errors are MalformedXML;
/// bad values and contradictions inside a rule (an expiration not after its transitions, transitions out of order,
/// IA transitions before 30 days, dates not at midnight, duplicate IDs) are InvalidArgument; rules that cannot go
/// together (no action, overlapping rule-level prefixes for the same action, tags with AbortIncompleteMultipartUpload)
/// are InvalidRequest.
/// </summary>
internal static class LifecycleParser
{
    public const int MaxRules = 1000;

    private static readonly HashSet<string> TransitionClasses = new(StringComparer.Ordinal)
    {
        "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE",
    };

    public static LifecycleConfiguration Parse(byte[] body)
    {
        var root = RequestXml.Parse(body, "LifecycleConfiguration");
        var elements = RequestXml.Children(root, "Rule").ToList();
        if (elements.Count is 0 or > MaxRules)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        var rules = elements.Select(ParseRule).ToList();
        var duplicate = rules.GroupBy(r => r.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Rule ID must be unique. Found same ID for more than one rule",
                S3Exception.Detail("ArgumentName", "ID"), S3Exception.Detail("ArgumentValue", duplicate.Key));
        }

        CheckOverlaps(rules);
        return new LifecycleConfiguration(rules);
    }

    private static LifecycleRule ParseRule(XElement element)
    {
        var id = RequestXml.Value(element, "ID") ?? Guid.NewGuid().ToString("N");
        if (id.Length > 255)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument, "ID length should not exceed allowed limit of 255",
                S3Exception.Detail("ArgumentName", "ID"), S3Exception.Detail("ArgumentValue", id));
        }

        var enabled = RequestXml.Value(element, "Status")?.Trim() switch
        {
            "Enabled" => true,
            "Disabled" => false,
            _ => throw new S3Exception(S3ErrorCatalog.MalformedXML),
        };

        var filterElements = RequestXml.Children(element, "Filter").ToList();
        var prefixElements = RequestXml.Children(element, "Prefix").ToList();
        if (filterElements.Count > 1 || prefixElements.Count > 1 || (filterElements.Count == 1 && prefixElements.Count == 1))
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        var legacy = prefixElements.Count == 1;
        var filter = legacy ? new LifecycleFilter(prefixElements[0].Value, [], null, null)
            : filterElements.Count == 1 ? ParseFilter(filterElements[0]) : LifecycleFilter.All;

        var transitions = RequestXml.Children(element, "Transition").Select(ParseTransition).ToList();
        var expiration = RequestXml.Children(element, "Expiration").ToList();
        var noncurrentTransitions = RequestXml.Children(element, "NoncurrentVersionTransition").Select(ParseNoncurrentTransition).ToList();
        var noncurrentExpiration = RequestXml.Children(element, "NoncurrentVersionExpiration").ToList();
        var abort = RequestXml.Children(element, "AbortIncompleteMultipartUpload").ToList();
        if (expiration.Count > 1 || noncurrentExpiration.Count > 1 || abort.Count > 1)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        var rule = new LifecycleRule
        {
            Id = id,
            Enabled = enabled,
            Filter = filter,
            LegacyPrefix = legacy,
            Transitions = transitions,
            NoncurrentTransitions = noncurrentTransitions,
        };
        if (expiration.Count == 1)
        {
            rule = ParseExpiration(rule, expiration[0]);
        }

        if (noncurrentExpiration.Count == 1)
        {
            var days = PositiveDays(RequestXml.Value(noncurrentExpiration[0], "NoncurrentDays"), "NoncurrentDays", "NoncurrentVersionExpiration");
            rule = rule with { NoncurrentExpirationDays = days, NoncurrentExpirationNewerVersions = NewerVersions(noncurrentExpiration[0]) };
        }

        if (abort.Count == 1)
        {
            rule = rule with { AbortIncompleteMultipartUploadDays = PositiveDays(RequestXml.Value(abort[0], "DaysAfterInitiation"), "DaysAfterInitiation", "AbortIncompleteMultipartUpload") };
        }

        Check(rule);
        return rule;
    }

    private static LifecycleFilter ParseFilter(XElement filter)
    {
        var children = filter.Elements().ToList();
        if (children.Count == 0)
        {
            return LifecycleFilter.All;
        }

        if (children.Count > 1)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        var only = children[0];
        return only.Name.LocalName switch
        {
            "Prefix" => new LifecycleFilter(only.Value, [], null, null),
            "Tag" => new LifecycleFilter(string.Empty, [ParseTag(only)], null, null),
            "ObjectSizeGreaterThan" => Sized(new LifecycleFilter(string.Empty, [], Size(only.Value), null)),
            "ObjectSizeLessThan" => Sized(new LifecycleFilter(string.Empty, [], null, Size(only.Value))),
            "And" => ParseAnd(only),
            _ => throw new S3Exception(S3ErrorCatalog.MalformedXML),
        };
    }

    private static LifecycleFilter ParseAnd(XElement and)
    {
        var prefix = RequestXml.Children(and, "Prefix").ToList();
        var greater = RequestXml.Children(and, "ObjectSizeGreaterThan").ToList();
        var less = RequestXml.Children(and, "ObjectSizeLessThan").ToList();
        if (prefix.Count > 1 || greater.Count > 1 || less.Count > 1 ||
            and.Elements().Any(e => e.Name.LocalName is not ("Prefix" or "Tag" or "ObjectSizeGreaterThan" or "ObjectSizeLessThan")))
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        var tags = RequestXml.Children(and, "Tag").Select(ParseTag).ToList();
        if (tags.GroupBy(t => t.Key, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest, "Duplicate Tag Keys are not allowed.");
        }

        return Sized(new LifecycleFilter(prefix.Count == 1 ? prefix[0].Value : string.Empty, tags,
            greater.Count == 1 ? Size(greater[0].Value) : null, less.Count == 1 ? Size(less[0].Value) : null));
    }

    private static LifecycleFilter Sized(LifecycleFilter filter)
    {
        if (filter.SizeGreaterThan is { } min && filter.SizeLessThan is { } max && min >= max)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest,
                $"Invalid filter: ObjectSizeGreaterThan ({min}) must be less than ObjectSizeLessThan ({max})");
        }

        return filter;
    }

    private static KeyValuePair<string, string> ParseTag(XElement tag) =>
        new(RequestXml.Value(tag, "Key") ?? throw new S3Exception(S3ErrorCatalog.MalformedXML), RequestXml.Value(tag, "Value") ?? string.Empty);

    private static long Size(string text) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? size
            : throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Object size bounds must be non-negative whole numbers of bytes",
                S3Exception.Detail("ArgumentValue", text));

    private static LifecycleTransition ParseTransition(XElement element)
    {
        var (days, date) = When(element, "Transition", allowZeroDays: true);
        if (days is null && date is null)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        return new LifecycleTransition(days, date, TransitionClass(element, "Transition", days));
    }

    private static NoncurrentTransition ParseNoncurrentTransition(XElement element)
    {
        var text = RequestXml.Value(element, "NoncurrentDays") ?? throw new S3Exception(S3ErrorCatalog.MalformedXML);
        var days = Days(text, "NoncurrentDays", "NoncurrentVersionTransition", allowZero: true);
        return new NoncurrentTransition(days, TransitionClass(element, "NoncurrentVersionTransition", days), NewerVersions(element));
    }

    private static string TransitionClass(XElement element, string action, int? days)
    {
        var storageClass = RequestXml.Value(element, "StorageClass")?.Trim() ?? throw new S3Exception(S3ErrorCatalog.MalformedXML);
        if (!TransitionClasses.Contains(storageClass))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidStorageClass, $"'StorageClass' {storageClass} is not a valid target for a {action} action");
        }

        if (days is < 30 && storageClass is "STANDARD_IA" or "ONEZONE_IA")
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument,
                $"'Days' in {action} action must be greater than or equal to 30 for storageClass '{storageClass}'",
                S3Exception.Detail("ArgumentName", "Days"), S3Exception.Detail("ArgumentValue", days.Value.ToString(CultureInfo.InvariantCulture)));
        }

        return storageClass;
    }

    private static LifecycleRule ParseExpiration(LifecycleRule rule, XElement element)
    {
        var marker = RequestXml.Value(element, "ExpiredObjectDeleteMarker")?.Trim() switch
        {
            null => (bool?)null,
            "true" => true,
            "false" => false,
            _ => throw new S3Exception(S3ErrorCatalog.MalformedXML),
        };
        var (days, date) = When(element, "Expiration", allowZeroDays: false);
        if ((days is not null ? 1 : 0) + (date is not null ? 1 : 0) + (marker is not null ? 1 : 0) != 1)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        if (marker is not null && rule.Filter.Tags.Count > 0)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest, "ExpiredObjectDeleteMarker cannot be specified with Tag filters.");
        }

        return rule with { ExpirationDays = days, ExpirationDate = date, ExpiredObjectDeleteMarker = marker };
    }

    private static (int? Days, DateTimeOffset? Date) When(XElement element, string action, bool allowZeroDays)
    {
        var daysText = RequestXml.Value(element, "Days");
        var dateText = RequestXml.Value(element, "Date");
        if (daysText is not null && dateText is not null)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        int? days = daysText is null ? null : Days(daysText, "Days", action, allowZeroDays);
        DateTimeOffset? date = null;
        if (dateText is not null)
        {
            if (!DateTimeOffset.TryParse(dateText.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                throw new S3Exception(S3ErrorCatalog.MalformedXML);
            }

            if (parsed.TimeOfDay != TimeSpan.Zero)
            {
                throw new S3Exception(S3ErrorCatalog.InvalidArgument, "'Date' must be at midnight GMT",
                    S3Exception.Detail("ArgumentName", "Date"), S3Exception.Detail("ArgumentValue", dateText));
            }

            date = parsed;
        }

        return (days, date);
    }

    private static int PositiveDays(string? text, string name, string action) =>
        text is null ? throw new S3Exception(S3ErrorCatalog.MalformedXML) : Days(text, name, action, allowZero: false);

    private static int Days(string text, string name, string action, bool allowZero)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days) || days < (allowZero ? 0 : 1))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument,
                allowZero ? $"'{name}' in {action} action must be nonnegative" : $"'{name}' for {action} action must be a positive integer",
                S3Exception.Detail("ArgumentName", name), S3Exception.Detail("ArgumentValue", text));
        }

        return days;
    }

    private static int? NewerVersions(XElement element)
    {
        var text = RequestXml.Value(element, "NewerNoncurrentVersions");
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100
            ? n
            : throw new S3Exception(S3ErrorCatalog.InvalidArgument, "NewerNoncurrentVersions must be from 1 to 100",
                S3Exception.Detail("ArgumentName", "NewerNoncurrentVersions"), S3Exception.Detail("ArgumentValue", text));
    }

    /// <summary>The contradictions S3 refuses inside one rule.</summary>
    private static void Check(LifecycleRule rule)
    {
        if (rule.Transitions.Count == 0 && !rule.HasExpiration && rule.NoncurrentTransitions.Count == 0 &&
            rule.NoncurrentExpirationDays is null && rule.AbortIncompleteMultipartUploadDays is null)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest, "At least one action needs to be specified in a rule");
        }

        if (rule.AbortIncompleteMultipartUploadDays is not null && (rule.Filter.Tags.Count > 0 || rule.Filter.SizeGreaterThan is not null || rule.Filter.SizeLessThan is not null))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest, "AbortIncompleteMultipartUpload cannot be specified with Tags or object size filters.");
        }

        var filter = rule.Filter.Describe();
        if (rule.Transitions.Any(t => t.Days is not null) && rule.Transitions.Any(t => t.Date is not null))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest, $"Found mixed 'Date' and 'Days' based Transition actions in lifecycle rule for filter '{filter}'");
        }

        if (rule.Transitions.GroupBy(t => t.StorageClass, StringComparer.Ordinal).Any(g => g.Count() > 1) ||
            rule.NoncurrentTransitions.GroupBy(t => t.StorageClass, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument, $"'StorageClass' must be different for 'Transition' actions in same 'Rule' with filter '{filter}'");
        }

        // Later transitions must go to colder classes, and expiration must come after every transition.
        var ordered = rule.Transitions.OrderBy(t => t.Days ?? 0).ThenBy(t => t.Date ?? DateTimeOffset.MinValue).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var earlier = ordered[i - 1];
            var later = ordered[i];
            if (StorageClasses.Temperature(later.StorageClass) <= StorageClasses.Temperature(earlier.StorageClass) ||
                (later.Days ?? 0) == (earlier.Days ?? 0) && later.Date == earlier.Date)
            {
                throw new S3Exception(S3ErrorCatalog.InvalidArgument,
                    $"'Days' in the Transition action for StorageClass '{later.StorageClass}' for filter '{filter}' must be greater than 'Days' in the Transition action for StorageClass '{earlier.StorageClass}'",
                    S3Exception.Detail("ArgumentName", "Transition"));
            }
        }

        if (rule.ExpirationDays is { } expirationDays && rule.Transitions.Any(t => t.Days >= expirationDays))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument,
                $"'Days' in the Expiration action for filter '{filter}' must be greater than 'Days' in the Transition action",
                S3Exception.Detail("ArgumentName", "Days"), S3Exception.Detail("ArgumentValue", expirationDays.ToString(CultureInfo.InvariantCulture)));
        }

        if (rule.ExpirationDate is { } expirationDate && rule.Transitions.Any(t => t.Date >= expirationDate))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument,
                $"'Date' in the Expiration action for filter '{filter}' must be later than 'Date' in the Transition action",
                S3Exception.Detail("ArgumentName", "Date"));
        }

        if (rule.NoncurrentExpirationDays is { } noncurrentDays && rule.NoncurrentTransitions.Any(t => t.Days >= noncurrentDays))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument,
                $"'NoncurrentDays' in the NoncurrentVersionExpiration action for filter '{filter}' must be greater than 'NoncurrentDays' in the NoncurrentVersionTransition action",
                S3Exception.Detail("ArgumentName", "NoncurrentDays"));
        }
    }

    /// <summary>Rules written with the rule-level Prefix may not overlap for the same kind of action (S3's historical
    /// rule; rules with a Filter may overlap, and the worker resolves conflicts as S3 does).</summary>
    private static void CheckOverlaps(List<LifecycleRule> rules)
    {
        var legacy = rules.Where(r => r.LegacyPrefix).ToList();
        for (var i = 0; i < legacy.Count; i++)
        {
            for (var j = i + 1; j < legacy.Count; j++)
            {
                var (a, b) = (legacy[i], legacy[j]);
                if (!a.Filter.Prefix.StartsWith(b.Filter.Prefix, StringComparison.Ordinal) && !b.Filter.Prefix.StartsWith(a.Filter.Prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var shared = ActionTypes(a).Intersect(ActionTypes(b), StringComparer.Ordinal).FirstOrDefault();
                if (shared is not null)
                {
                    var (shorter, longer) = a.Filter.Prefix.Length <= b.Filter.Prefix.Length ? (a, b) : (b, a);
                    throw new S3Exception(S3ErrorCatalog.InvalidRequest,
                        $"Found overlapping prefixes '{shorter.Filter.Prefix}' and '{longer.Filter.Prefix}' for same action type '{shared}'");
                }
            }
        }
    }

    private static IEnumerable<string> ActionTypes(LifecycleRule rule)
    {
        if (rule.HasExpiration)
        {
            yield return "Expiration";
        }

        foreach (var transition in rule.Transitions)
        {
            yield return "Transition:" + transition.StorageClass;
        }

        if (rule.NoncurrentExpirationDays is not null)
        {
            yield return "NoncurrentVersionExpiration";
        }

        foreach (var transition in rule.NoncurrentTransitions)
        {
            yield return "NoncurrentVersionTransition:" + transition.StorageClass;
        }

        if (rule.AbortIncompleteMultipartUploadDays is not null)
        {
            yield return "AbortIncompleteMultipartUpload";
        }
    }
}
