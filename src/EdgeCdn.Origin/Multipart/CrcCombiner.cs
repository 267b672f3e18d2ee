namespace EdgeCdn.Origin.Multipart;

/// <summary>
/// CRC(A‖B) from CRC(A), CRC(B) and |B| for the reflected CRCs S3 uses (CRC32, CRC32C, CRC64NVME), by the GF(2)
/// matrix method of zlib's crc32_combine: the full-object checksum of a multipart upload without reading its data.
/// The initial value and final XOR (all ones for these CRCs) cancel out, so final values combine directly.
/// </summary>
internal static class CrcCombiner
{
    public const ulong Crc32Polynomial = 0xEDB88320;
    public const ulong Crc32CPolynomial = 0x82F63B78;
    public const ulong Crc64NvmePolynomial = 0x9A6C9329AC4BC9B5;

    public static ulong Combine(ulong crc1, ulong crc2, long length2, ulong reflectedPolynomial, int width)
    {
        if (length2 <= 0)
        {
            return crc1;
        }

        var odd = new ulong[width];
        var even = new ulong[width];

        // The operator for one zero bit.
        odd[0] = reflectedPolynomial;
        ulong row = 1;
        for (var n = 1; n < width; n++)
        {
            odd[n] = row;
            row <<= 1;
        }

        Square(even, odd, width); // two zero bits
        Square(odd, even, width); // four zero bits

        // Apply len2 zero bytes to crc1, one bit of length2 at a time (the first square gives one byte).
        do
        {
            Square(even, odd, width);
            if ((length2 & 1) != 0)
            {
                crc1 = Times(even, crc1);
            }

            length2 >>= 1;
            if (length2 == 0)
            {
                break;
            }

            Square(odd, even, width);
            if ((length2 & 1) != 0)
            {
                crc1 = Times(odd, crc1);
            }

            length2 >>= 1;
        }
        while (length2 != 0);

        return crc1 ^ crc2;
    }

    private static ulong Times(ulong[] matrix, ulong vector)
    {
        ulong sum = 0;
        var i = 0;
        while (vector != 0)
        {
            if ((vector & 1) != 0)
            {
                sum ^= matrix[i];
            }

            vector >>= 1;
            i++;
        }

        return sum;
    }

    private static void Square(ulong[] square, ulong[] matrix, int width)
    {
        for (var n = 0; n < width; n++)
        {
            square[n] = Times(matrix, matrix[n]);
        }
    }
}
