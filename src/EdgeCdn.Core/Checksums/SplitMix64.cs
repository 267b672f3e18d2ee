namespace EdgeCdn.Core.Checksums;

/// <summary>SplitMix64 (Steele, Lea and Flood): a fast 64-bit mixing step, for seeding generators and for opaque
/// tokens derived from a value. Not cryptographic.</summary>
public static class SplitMix64
{
    /// <summary>Advances <paramref name="state"/> by the golden-ratio increment and returns its mix.</summary>
    public static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
