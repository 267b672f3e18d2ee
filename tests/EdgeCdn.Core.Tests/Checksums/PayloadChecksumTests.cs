using System.Text;
using EdgeCdn.Core.Checksums;

namespace EdgeCdn.Core.Tests.Checksums;

public sealed class PayloadChecksumTests
{
    // The standard check value of each CRC is its checksum of the ASCII string "123456789".
    private static readonly byte[] CheckInput = Encoding.ASCII.GetBytes("123456789");

    [Fact]
    public void Crc32_CheckValue_MatchesCatalogue() => Assert.Equal(0xCBF43926u, Crc32.Compute(CheckInput));

    [Fact]
    public void Crc32C_CheckValue_MatchesCatalogue() => Assert.Equal(0xE3069283u, Crc32C.Compute(CheckInput));

    [Fact]
    public void Crc64Nvme_CheckValue_MatchesCatalogue() => Assert.Equal(0xAE8B14860A799888ul, Crc64Nvme.Compute(CheckInput));

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    [InlineData(ChecksumAlgorithm.Sha1)]
    [InlineData(ChecksumAlgorithm.Sha256)]
    public void Append_InPieces_EqualsOneShot(ChecksumAlgorithm algorithm)
    {
        var data = new byte[10_007];
        new Random(7).NextBytes(data);
        using var whole = PayloadChecksum.Create(algorithm);
        whole.Append(data);
        using var pieces = PayloadChecksum.Create(algorithm);
        for (var offset = 0; offset < data.Length; offset += 333)
        {
            pieces.Append(data.AsSpan(offset, Math.Min(333, data.Length - offset)));
        }

        Assert.Equal(whole.GetBase64(), pieces.GetBase64());
    }

    [Fact]
    public void GetBase64_Crc32OfHelloWorld_IsBigEndianBase64()
    {
        // CRC-32("Hello world") = 0x8BD69E52, which S3 writes as base64 of its 4 big-endian bytes.
        using var crc = PayloadChecksum.Create(ChecksumAlgorithm.Crc32);
        crc.Append("Hello world"u8);
        Assert.Equal(Convert.ToBase64String([0x8B, 0xD6, 0x9E, 0x52]), crc.GetBase64());
    }

    [Theory]
    [InlineData("x-amz-checksum-crc32", ChecksumAlgorithm.Crc32)]
    [InlineData("CRC32C", ChecksumAlgorithm.Crc32C)]
    [InlineData("crc64nvme", ChecksumAlgorithm.Crc64Nvme)]
    [InlineData("SHA256", ChecksumAlgorithm.Sha256)]
    public void TryParse_KnownNames_Recognised(string name, ChecksumAlgorithm expected)
    {
        Assert.True(PayloadChecksum.TryParse(name, out var algorithm));
        Assert.Equal(expected, algorithm);
    }

    [Fact]
    public void TryParse_UnknownName_ReturnsFalse() => Assert.False(PayloadChecksum.TryParse("md5", out _));
}
