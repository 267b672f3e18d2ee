using System.Globalization;
using System.Net;

namespace EdgeCdn.Origin.Policies;

/// <summary>
/// One condition of a statement: an operator applied to one key against one or more values (any value may match).
/// Evaluation follows IAM: a key missing from the request fails a positive operator and satisfies a negated one
/// (StringNotEquals, NotIpAddress...), "IfExists" makes a missing key pass, ForAllValues passes on no values and
/// ForAnyValue fails on none.
/// </summary>
internal sealed record PolicyCondition(
    ConditionOperator Operator, bool Negated, bool IfExists, ConditionQualifier Qualifier, string Key, IReadOnlyList<string> Values,
    IReadOnlyList<IpNetwork> Networks)
{
    // Condition keys whose fixed values pin a statement to specific callers (S3's "is this policy public" rules).
    private static readonly HashSet<string> FixingKeys = new(StringComparer.Ordinal)
    {
        "aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourcevpc", "aws:sourcevpce", "aws:principalarn",
        "aws:principalaccount", "aws:principalorgid", "aws:userid", "aws:sourceip", "s3:dataaccesspointarn", "s3:dataaccesspointaccount",
    };

    /// <summary>Whether this condition limits the statement to fixed callers, so that "Principal": "*" is not public.</summary>
    public bool FixesCaller
    {
        get
        {
            if (Negated || IfExists || Qualifier == ConditionQualifier.ForAllValues || !FixingKeys.Contains(Key) || Values.Count == 0)
            {
                return false;
            }

            if (Operator == ConditionOperator.IpAddress)
            {
                return Networks.All(n => n.PrefixLength >= (n.Network.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 8 : 32));
            }

            return Operator is ConditionOperator.StringEquals or ConditionOperator.StringEqualsIgnoreCase or ConditionOperator.StringLike
                       or ConditionOperator.ArnEquals or ConditionOperator.ArnLike
                   && Values.All(v => !v.Contains('*', StringComparison.Ordinal));
        }
    }

    public bool Evaluate(IConditionFacts facts)
    {
        var actual = facts.Get(Key);
        var missing = actual is null || actual.Count == 0;
        if (Operator == ConditionOperator.Null)
        {
            return Values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase) ? missing : !missing);
        }

        if (missing)
        {
            return IfExists || Qualifier == ConditionQualifier.ForAllValues || (Qualifier == ConditionQualifier.None && Negated);
        }

        return Qualifier == ConditionQualifier.ForAllValues ? actual!.All(Matches) : actual!.Any(Matches);
    }

    private bool Matches(string actual)
    {
        var any = Operator == ConditionOperator.IpAddress
            ? IPAddress.TryParse(actual, out var address) && Networks.Any(n => n.Contains(address))
            : Values.Any(expected => Compare(actual, expected));
        return Negated ? !any : any;
    }

    private bool Compare(string actual, string expected) => Operator switch
    {
        ConditionOperator.StringEquals => string.Equals(actual, expected, StringComparison.Ordinal),
        ConditionOperator.StringEqualsIgnoreCase => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase),
        ConditionOperator.StringLike or ConditionOperator.ArnLike or ConditionOperator.ArnEquals => WildcardPattern.Matches(expected, actual),
        ConditionOperator.Bool => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase),
        ConditionOperator.NumericEquals => Numbers(actual, expected) is { } n && n.A == n.B,
        ConditionOperator.NumericLessThan => Numbers(actual, expected) is { } n && n.A < n.B,
        ConditionOperator.NumericLessThanEquals => Numbers(actual, expected) is { } n && n.A <= n.B,
        ConditionOperator.NumericGreaterThan => Numbers(actual, expected) is { } n && n.A > n.B,
        ConditionOperator.NumericGreaterThanEquals => Numbers(actual, expected) is { } n && n.A >= n.B,
        ConditionOperator.DateEquals => Dates(actual, expected) is { } d && d.A == d.B,
        ConditionOperator.DateLessThan => Dates(actual, expected) is { } d && d.A < d.B,
        ConditionOperator.DateLessThanEquals => Dates(actual, expected) is { } d && d.A <= d.B,
        ConditionOperator.DateGreaterThan => Dates(actual, expected) is { } d && d.A > d.B,
        ConditionOperator.DateGreaterThanEquals => Dates(actual, expected) is { } d && d.A >= d.B,
        _ => false,
    };

    private static (decimal A, decimal B)? Numbers(string a, string b) =>
        decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? (x, y)
            : null;

    private static (DateTimeOffset A, DateTimeOffset B)? Dates(string a, string b) =>
        TryParseDate(a, out var x) && TryParseDate(b, out var y) ? (x, y) : null;

    internal static bool TryParseDate(string text, out DateTimeOffset value)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            value = DateTimeOffset.FromUnixTimeSeconds(epoch);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }
}
