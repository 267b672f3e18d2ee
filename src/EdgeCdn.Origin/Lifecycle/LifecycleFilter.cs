namespace EdgeCdn.Origin.Lifecycle;

/// <summary>Which objects a rule applies to: a key prefix, tags that must all be present, and size bounds (exclusive).</summary>
internal sealed record LifecycleFilter(string Prefix, IReadOnlyList<KeyValuePair<string, string>> Tags, long? SizeGreaterThan, long? SizeLessThan)
{
    public static readonly LifecycleFilter All = new(string.Empty, [], null, null);

    public bool Matches(string key, IReadOnlyList<KeyValuePair<string, string>> tags, long size) =>
        key.StartsWith(Prefix, StringComparison.Ordinal) &&
        Tags.All(t => tags.Any(o => o.Key == t.Key && o.Value == t.Value)) &&
        (SizeGreaterThan is not { } min || size > min) &&
        (SizeLessThan is not { } max || size < max);

    /// <summary>As S3 names a filter in its error messages.</summary>
    public string Describe() => $"(prefix={Prefix})";
}
