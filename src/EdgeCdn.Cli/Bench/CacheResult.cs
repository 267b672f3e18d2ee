namespace EdgeCdn.Cli.Bench;

/// <summary>What the cache did for one response, as the CDN reported it.</summary>
internal enum CacheResult
{
    Hit,
    Miss,
    Refresh,
    Stale,
    Error,
    Unknown,
}
