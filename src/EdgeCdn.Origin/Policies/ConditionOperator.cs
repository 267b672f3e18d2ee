namespace EdgeCdn.Origin.Policies;

/// <summary>The families of IAM condition operators (the negated forms are a flag on <see cref="PolicyCondition"/>).</summary>
internal enum ConditionOperator
{
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    NumericEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    IpAddress,
    ArnEquals,
    ArnLike,
    Null,
}
