namespace EdgeCdn.Origin.Policies;

/// <summary>The request context condition keys are looked up in (keys lower case); null when the key is absent.</summary>
internal interface IConditionFacts
{
    IReadOnlyList<string>? Get(string key);
}
