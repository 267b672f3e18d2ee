using System.Numerics;
using System.Runtime.InteropServices;

namespace EdgeCdn.Edge.Caching.Memory;

/// <summary>
/// A 64-bit hash of a cache key for the ghost queue, which keeps hashes only. Not randomised: the ghost lives in
/// one process and nothing external chooses which keys collide with which; 64 bits make a false ghost hit (a new
/// key admitted straight into main) about one in 10^13 per lookup at a million ghost entries.
/// </summary>
internal static class KeyHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;

    public static ulong Of(ReadOnlySpan<char> key)
    {
        var bytes = MemoryMarshal.AsBytes(key);
        var hash = Prime2 ^ ((ulong)bytes.Length * Prime1);
        while (bytes.Length >= 8)
        {
            hash = BitOperations.RotateLeft(hash ^ (MemoryMarshal.Read<ulong>(bytes) * Prime1), 31) * Prime2;
            bytes = bytes[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            tail |= (ulong)bytes[i] << (8 * i);
        }

        hash = BitOperations.RotateLeft(hash ^ (tail * Prime1), 31) * Prime2;
        // Final avalanche (as in xxHash64) so that every input bit reaches every output bit.
        hash ^= hash >> 33;
        hash *= Prime2;
        hash ^= hash >> 29;
        hash *= Prime1;
        hash ^= hash >> 32;
        return hash;
    }
}
