namespace EdgeCdn.Origin.Policies;

/// <summary>The set operator prefix of a condition on a multivalued key.</summary>
internal enum ConditionQualifier
{
    None,
    ForAnyValue,
    ForAllValues,
}
