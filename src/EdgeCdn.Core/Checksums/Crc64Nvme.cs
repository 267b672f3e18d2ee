namespace EdgeCdn.Core.Checksums;

/// <summary>CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5), the algorithm S3 calls CRC64NVME.</summary>
public static class Crc64Nvme
{
    public const ulong Initial = ulong.MaxValue;
    private static readonly ulong[] Table = CrcTables.Build64(0x9A6C9329AC4BC9B5);

    public static ulong Compute(ReadOnlySpan<byte> data) => Final(Update(Initial, data));

    public static ulong Update(ulong state, ReadOnlySpan<byte> data)
    {
        var crc = state;
        while (data.Length >= 8)
        {
            crc ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data);
            crc = Table[(7 * 256) + (int)(crc & 0xFF)] ^
                  Table[(6 * 256) + (int)((crc >> 8) & 0xFF)] ^
                  Table[(5 * 256) + (int)((crc >> 16) & 0xFF)] ^
                  Table[(4 * 256) + (int)((crc >> 24) & 0xFF)] ^
                  Table[(3 * 256) + (int)((crc >> 32) & 0xFF)] ^
                  Table[(2 * 256) + (int)((crc >> 40) & 0xFF)] ^
                  Table[256 + (int)((crc >> 48) & 0xFF)] ^
                  Table[(int)(crc >> 56)];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = Table[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
        }

        return crc;
    }

    public static ulong Final(ulong state) => ~state;
}
