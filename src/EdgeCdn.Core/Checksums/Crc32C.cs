using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;

namespace EdgeCdn.Core.Checksums;

/// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78); SSE4.2 instructions where the CPU has them.</summary>
public static class Crc32C
{
    private static readonly uint[] Table = CrcTables.Build32(0x82F63B78);

    public static uint Compute(ReadOnlySpan<byte> data) => Crc32.Final(Update(Crc32.Initial, data));

    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            ulong crc = state;
            while (data.Length >= 8)
            {
                crc = Sse42.X64.Crc32(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }

            var c = (uint)crc;
            foreach (var b in data)
            {
                c = Sse42.Crc32(c, b);
            }

            return c;
        }

        return CrcTables.Update32(Table, state, data);
    }
}
