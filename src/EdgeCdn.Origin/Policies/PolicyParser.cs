using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;

namespace EdgeCdn.Origin.Policies;

/// <summary>
/// Reads a bucket policy and checks it the way S3 does before storing it: valid JSON, known fields, Allow/Deny,
/// principals that exist, S3 actions, resources inside this bucket that the actions apply to, known condition
/// operators with well-formed values. Every problem is MalformedPolicy with the reason as its message.
/// </summary>
internal static partial class PolicyParser
{
    public const int MaxPolicyBytes = 20 * 1024;

    private static readonly HashSet<string> TopLevelFields = new(StringComparer.Ordinal) { "Version", "Id", "Statement" };

    private static readonly HashSet<string> StatementFields = new(StringComparer.Ordinal)
    {
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    };

    /// <summary>Parses and validates <paramref name="json"/> for <paramref name="bucket"/>. <paramref name="userExists"/>
    /// says whether a principal ARN names a configured user; null skips that check (policies already stored).</summary>
    public static PolicyDocument Parse(string json, string bucket, Func<string, bool>? userExists)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(json) > MaxPolicyBytes)
        {
            throw Malformed($"Policies must be no larger than {MaxPolicyBytes} bytes");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException)
        {
            throw Malformed("Policies must be valid JSON and the first byte must be '{'");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("Policies must be valid JSON and the first byte must be '{'");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!TopLevelFields.Contains(property.Name))
                {
                    throw Malformed($"Unknown field {property.Name}");
                }
            }

            if (root.TryGetProperty("Version", out var version) && (version.ValueKind != JsonValueKind.String || version.GetString() is not ("2012-10-17" or "2008-10-17")))
            {
                throw Malformed("The policy must contain a valid version string");
            }

            if (!root.TryGetProperty("Statement", out var statements))
            {
                throw Malformed("Missing required field Statement");
            }

            var list = new List<PolicyStatement>();
            if (statements.ValueKind == JsonValueKind.Array)
            {
                foreach (var statement in statements.EnumerateArray())
                {
                    list.Add(ParseStatement(statement, bucket, userExists));
                }
            }
            else
            {
                list.Add(ParseStatement(statements, bucket, userExists));
            }

            if (list.Count == 0)
            {
                throw Malformed("Missing required field Statement");
            }

            var sids = list.Where(s => s.Sid is not null).GroupBy(s => s.Sid, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (sids is not null)
            {
                throw Malformed($"Statement IDs (SID) in a single policy must be unique: {sids.Key}");
            }

            return new PolicyDocument(json, list);
        }
    }

    private static PolicyStatement ParseStatement(JsonElement statement, string bucket, Func<string, bool>? userExists)
    {
        if (statement.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("Statement is not an object");
        }

        foreach (var property in statement.EnumerateObject())
        {
            if (!StatementFields.Contains(property.Name))
            {
                throw Malformed($"Unknown field {property.Name}");
            }
        }

        string? sid = null;
        if (statement.TryGetProperty("Sid", out var sidElement))
        {
            sid = sidElement.ValueKind == JsonValueKind.String ? sidElement.GetString() : throw Malformed("Sid must be a string");
        }

        var effect = statement.TryGetProperty("Effect", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        if (effect is null)
        {
            throw Malformed("Missing required field Effect");
        }

        if (effect is not ("Allow" or "Deny"))
        {
            throw Malformed($"Invalid effect: {effect}");
        }

        var principal = Optional(statement, "Principal", p => ParsePrincipals(p, userExists));
        var notPrincipal = Optional(statement, "NotPrincipal", p => ParsePrincipals(p, userExists));
        if ((principal is null) == (notPrincipal is null))
        {
            throw Malformed(principal is null ? "Missing required field Principal" : "Principal and NotPrincipal cannot both be present");
        }

        var actions = Optional(statement, "Action", ParseActions);
        var notActions = Optional(statement, "NotAction", ParseActions);
        if ((actions is null) == (notActions is null))
        {
            throw Malformed(actions is null ? "Missing required field Action" : "Action and NotAction cannot both be present");
        }

        var resources = Optional(statement, "Resource", r => ParseResources(r, bucket));
        var notResources = Optional(statement, "NotResource", r => ParseResources(r, bucket));
        if ((resources is null) == (notResources is null))
        {
            throw Malformed(resources is null ? "Missing required field Resource" : "Resource and NotResource cannot both be present");
        }

        if (actions is not null && resources is not null)
        {
            var kinds = resources.Select(r => KindOf(r, bucket)).Aggregate(new HashSet<ActionResource>(), (set, k) => { set.UnionWith(k); return set; });
            if (!actions.SelectMany(S3Actions.ResourcesOf).Any(kinds.Contains))
            {
                throw Malformed("Action does not apply to any resource(s) in statement");
            }
        }

        var conditions = Optional(statement, "Condition", ParseConditions) ?? [];
        return new PolicyStatement
        {
            Sid = sid,
            IsAllow = effect == "Allow",
            Principal = principal,
            NotPrincipal = notPrincipal,
            Actions = actions,
            NotActions = notActions,
            Resources = resources,
            NotResources = notResources,
            Conditions = conditions,
        };
    }

    private static PolicyPrincipals ParsePrincipals(JsonElement element, Func<string, bool>? userExists)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString() == "*" ? PolicyPrincipals.All : throw Malformed("Invalid principal in policy");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("Invalid principal in policy");
        }

        var everyone = false;
        var aws = new List<string>();
        var services = new List<string>();
        var canonical = new List<string>();
        foreach (var property in element.EnumerateObject())
        {
            var values = Strings(property.Value, "Principal");
            switch (property.Name)
            {
                case "AWS":
                    foreach (var value in values)
                    {
                        if (value == "*")
                        {
                            everyone = true;
                        }
                        else if (AccountIdPattern().IsMatch(value) || AccountRootPattern().IsMatch(value))
                        {
                            aws.Add(AccountIdPattern().IsMatch(value) ? $"arn:aws:iam::{value}:root" : value);
                        }
                        else if (UserArnPattern().IsMatch(value) && (userExists is null || userExists(value)))
                        {
                            aws.Add(value);
                        }
                        else
                        {
                            throw Malformed("Invalid principal in policy");
                        }
                    }

                    break;
                case "Service":
                    foreach (var value in values)
                    {
                        services.Add(ServicePattern().IsMatch(value) ? value : throw Malformed("Invalid principal in policy"));
                    }

                    break;
                case "CanonicalUser":
                    foreach (var value in values)
                    {
                        canonical.Add(CanonicalIdPattern().IsMatch(value) ? value.ToLowerInvariant() : throw Malformed("Invalid principal in policy"));
                    }

                    break;
                case "Federated":
                    break;
                default:
                    throw Malformed("Invalid principal in policy");
            }
        }

        return new PolicyPrincipals(everyone, aws, services, canonical);
    }

    private static List<string> ParseActions(JsonElement element)
    {
        var actions = new List<string>();
        foreach (var action in Strings(element, "Action"))
        {
            if (action == "*")
            {
                actions.Add("s3:*");
                continue;
            }

            var colon = action.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !action[..colon].Equals("s3", StringComparison.OrdinalIgnoreCase) ||
                (!WildcardPattern.HasWildcard(action) && !S3Actions.IsKnown(action)) || !S3Actions.ResourcesOf(action).Any())
            {
                throw Malformed("Policy has invalid action");
            }

            actions.Add(action.ToLowerInvariant());
        }

        return actions;
    }

    private static List<string> ParseResources(JsonElement element, string bucket)
    {
        var resources = new List<string>();
        foreach (var resource in Strings(element, "Resource"))
        {
            if (resource != "*")
            {
                var path = resource.StartsWith("arn:aws:s3:::", StringComparison.Ordinal) ? resource["arn:aws:s3:::".Length..] : string.Empty;
                var slash = path.IndexOf('/', StringComparison.Ordinal);
                var bucketPart = slash < 0 ? path : path[..slash];
                if (path.Length == 0 || !(WildcardPattern.Matches(bucketPart, bucket) || (slash < 0 && WildcardPattern.Matches(path, bucket + "/x"))))
                {
                    throw Malformed("Policy has invalid resource");
                }
            }

            resources.Add(resource);
        }

        return resources;
    }

    /// <summary>What a resource pattern can name: the bucket, objects in it, or both.</summary>
    private static HashSet<ActionResource> KindOf(string resource, string bucket)
    {
        if (resource == "*")
        {
            return [ActionResource.Bucket, ActionResource.Object];
        }

        var path = resource["arn:aws:s3:::".Length..];
        var kinds = new HashSet<ActionResource>();
        if (!path.Contains('/', StringComparison.Ordinal) && WildcardPattern.Matches(path, bucket))
        {
            kinds.Add(ActionResource.Bucket);
        }

        if (path.Contains('/', StringComparison.Ordinal) || path.EndsWith('*'))
        {
            kinds.Add(ActionResource.Object);
        }

        return kinds;
    }

    private static List<PolicyCondition> ParseConditions(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("Condition must be an object");
        }

        var conditions = new List<PolicyCondition>();
        foreach (var block in element.EnumerateObject())
        {
            var (op, negated, ifExists, qualifier) = ParseOperator(block.Name);
            if (block.Value.ValueKind != JsonValueKind.Object)
            {
                throw Malformed($"Invalid Condition block for {block.Name}");
            }

            foreach (var entry in block.Value.EnumerateObject())
            {
                var key = entry.Name.ToLowerInvariant();
                if (!ConditionKeyPattern().IsMatch(key))
                {
                    throw Malformed($"Policy has an invalid condition key: {entry.Name}");
                }

                var values = Strings(entry.Value, "Condition");
                var networks = new List<IpNetwork>();
                switch (op)
                {
                    case ConditionOperator.IpAddress:
                        foreach (var value in values)
                        {
                            networks.Add(IpNetwork.TryParse(value, out var network) ? network : throw Malformed($"Invalid IP address or range: {value}"));
                        }

                        break;
                    case ConditionOperator.Bool or ConditionOperator.Null:
                        if (values.Any(v => !v.Equals("true", StringComparison.OrdinalIgnoreCase) && !v.Equals("false", StringComparison.OrdinalIgnoreCase)))
                        {
                            throw Malformed($"Invalid value for {block.Name}: only true or false");
                        }

                        break;
                    case >= ConditionOperator.NumericEquals and <= ConditionOperator.NumericGreaterThanEquals:
                        if (values.Any(v => !decimal.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
                        {
                            throw Malformed($"Invalid numeric value in {block.Name}");
                        }

                        break;
                    case >= ConditionOperator.DateEquals and <= ConditionOperator.DateGreaterThanEquals:
                        if (values.Any(v => !PolicyCondition.TryParseDate(v, out _)))
                        {
                            throw Malformed($"Invalid date value in {block.Name}");
                        }

                        break;
                }

                conditions.Add(new PolicyCondition(op, negated, ifExists, qualifier, key, values, networks));
            }
        }

        return conditions;
    }

    private static (ConditionOperator, bool Negated, bool IfExists, ConditionQualifier) ParseOperator(string name)
    {
        var qualifier = ConditionQualifier.None;
        var text = name;
        if (text.StartsWith("ForAnyValue:", StringComparison.OrdinalIgnoreCase))
        {
            qualifier = ConditionQualifier.ForAnyValue;
            text = text["ForAnyValue:".Length..];
        }
        else if (text.StartsWith("ForAllValues:", StringComparison.OrdinalIgnoreCase))
        {
            qualifier = ConditionQualifier.ForAllValues;
            text = text["ForAllValues:".Length..];
        }

        var ifExists = text.EndsWith("IfExists", StringComparison.OrdinalIgnoreCase);
        if (ifExists)
        {
            text = text[..^"IfExists".Length];
        }

        (ConditionOperator, bool)? parsed = text.ToLowerInvariant() switch
        {
            "stringequals" => (ConditionOperator.StringEquals, false),
            "stringnotequals" => (ConditionOperator.StringEquals, true),
            "stringequalsignorecase" => (ConditionOperator.StringEqualsIgnoreCase, false),
            "stringnotequalsignorecase" => (ConditionOperator.StringEqualsIgnoreCase, true),
            "stringlike" => (ConditionOperator.StringLike, false),
            "stringnotlike" => (ConditionOperator.StringLike, true),
            "numericequals" => (ConditionOperator.NumericEquals, false),
            "numericnotequals" => (ConditionOperator.NumericEquals, true),
            "numericlessthan" => (ConditionOperator.NumericLessThan, false),
            "numericlessthanequals" => (ConditionOperator.NumericLessThanEquals, false),
            "numericgreaterthan" => (ConditionOperator.NumericGreaterThan, false),
            "numericgreaterthanequals" => (ConditionOperator.NumericGreaterThanEquals, false),
            "dateequals" => (ConditionOperator.DateEquals, false),
            "datenotequals" => (ConditionOperator.DateEquals, true),
            "datelessthan" => (ConditionOperator.DateLessThan, false),
            "datelessthanequals" => (ConditionOperator.DateLessThanEquals, false),
            "dategreaterthan" => (ConditionOperator.DateGreaterThan, false),
            "dategreaterthanequals" => (ConditionOperator.DateGreaterThanEquals, false),
            "bool" => (ConditionOperator.Bool, false),
            "ipaddress" => (ConditionOperator.IpAddress, false),
            "notipaddress" => (ConditionOperator.IpAddress, true),
            "arnequals" => (ConditionOperator.ArnEquals, false),
            "arnnotequals" => (ConditionOperator.ArnEquals, true),
            "arnlike" => (ConditionOperator.ArnLike, false),
            "arnnotlike" => (ConditionOperator.ArnLike, true),
            "null" when !ifExists && qualifier == ConditionQualifier.None => (ConditionOperator.Null, false),
            _ => null,
        };
        return parsed is { } p ? (p.Item1, p.Item2, ifExists, qualifier) : throw Malformed($"Invalid Condition type : {name}");
    }

    private static T? Optional<T>(JsonElement statement, string name, Func<JsonElement, T> parse)
        where T : class =>
        statement.TryGetProperty(name, out var element) ? parse(element) : null;

    /// <summary>A string or a non-empty array of strings (booleans and numbers read as their JSON text).</summary>
    private static List<string> Strings(JsonElement element, string field)
    {
        static string One(JsonElement e, string field) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!,
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number when field == "Condition" => e.GetRawText(),
            _ => throw Malformed($"{field} values must be strings"),
        };

        if (element.ValueKind == JsonValueKind.Array)
        {
            var list = element.EnumerateArray().Select(e => One(e, field)).ToList();
            return list.Count > 0 ? list : throw Malformed($"{field} must not be empty");
        }

        return [One(element, field)];
    }

    private static S3Exception Malformed(string reason) => new(S3ErrorCatalog.MalformedPolicy, reason);

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex("^arn:aws:iam::[0-9]{12}:root$")]
    private static partial Regex AccountRootPattern();

    [GeneratedRegex("^arn:aws:iam::[0-9]{12}:user/[A-Za-z0-9+=,.@_/-]+$")]
    private static partial Regex UserArnPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$")]
    private static partial Regex ServicePattern();

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex CanonicalIdPattern();

    [GeneratedRegex("^(aws|s3):[a-z0-9_/.:-]+$")]
    private static partial Regex ConditionKeyPattern();
}
