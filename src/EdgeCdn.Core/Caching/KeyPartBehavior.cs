namespace EdgeCdn.Core.Caching;

/// <summary>Which query strings, headers or cookies of a viewer request go into the cache key (and to the origin),
/// as a CloudFront cache policy says it.</summary>
public enum KeyPartBehavior
{
    None,
    All,
    AllowList,
    AllExcept,
}
