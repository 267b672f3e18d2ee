namespace EdgeCdn.Core.Checksums;

/// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), slicing-by-8.</summary>
public static class Crc32
{
    public const uint Initial = 0xFFFFFFFF;
    private static readonly uint[] Table = CrcTables.Build32(0xEDB88320);

    public static uint Compute(ReadOnlySpan<byte> data) => Final(Update(Initial, data));

    public static uint Update(uint state, ReadOnlySpan<byte> data) => CrcTables.Update32(Table, state, data);

    public static uint Final(uint state) => ~state;
}
