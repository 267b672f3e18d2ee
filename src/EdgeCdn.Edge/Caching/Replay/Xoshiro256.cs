using EdgeCdn.Core.Checksums;

namespace EdgeCdn.Edge.Caching.Replay;

/// <summary>xoshiro256** (Blackman and Vigna), seeded through SplitMix64: fast, and the same sequence for a seed on
/// every machine and runtime, which System.Random does not promise.</summary>
internal struct Xoshiro256
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256(ulong seed)
    {
        _s0 = SplitMix64.Next(ref seed);
        _s1 = SplitMix64.Next(ref seed);
        _s2 = SplitMix64.Next(ref seed);
        _s3 = SplitMix64.Next(ref seed);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
