namespace EdgeCdn.Edge.Caching;

internal enum CacheTier
{
    Memory,
    Disk,
}
