using System.Buffers.Binary;

namespace EdgeCdn.Core.Checksums;

/// <summary>Slicing-by-8 tables for reflected CRCs: table k holds the CRC of a byte followed by k zero bytes.</summary>
internal static class CrcTables
{
    public static uint[] Build32(uint polynomial)
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1;
            }

            table[i] = crc;
        }

        for (var i = 0; i < 256; i++)
        {
            for (var k = 1; k < 8; k++)
            {
                var previous = table[((k - 1) * 256) + i];
                table[(k * 256) + i] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }

    public static ulong[] Build64(ulong polynomial)
    {
        var table = new ulong[8 * 256];
        for (ulong i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1;
            }

            table[i] = crc;
        }

        for (var i = 0; i < 256; i++)
        {
            for (var k = 1; k < 8; k++)
            {
                var previous = table[((k - 1) * 256) + i];
                table[(k * 256) + i] = (previous >> 8) ^ table[(int)(previous & 0xFF)];
            }
        }

        return table;
    }

    public static uint Update32(uint[] table, uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            var one = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            var two = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = table[(7 * 256) + (int)(one & 0xFF)] ^
                  table[(6 * 256) + (int)((one >> 8) & 0xFF)] ^
                  table[(5 * 256) + (int)((one >> 16) & 0xFF)] ^
                  table[(4 * 256) + (int)(one >> 24)] ^
                  table[(3 * 256) + (int)(two & 0xFF)] ^
                  table[(2 * 256) + (int)((two >> 8) & 0xFF)] ^
                  table[256 + (int)((two >> 16) & 0xFF)] ^
                  table[(int)(two >> 24)];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = table[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
        }

        return crc;
    }
}
