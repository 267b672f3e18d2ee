using EdgeCdn.Core.Checksums;
using EdgeCdn.Origin.Multipart;
using EdgeCdn.Origin.Storage;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Origin.Tests.Multipart;

public sealed class CrcCombinerTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(1000, 1)]
    [InlineData(5 * 1024 * 1024, 12345)]
    [InlineData(17, 0)]
    public void Combine_EqualsTheCrcOfTheConcatenation(int firstLength, int secondLength)
    {
        var a = GeneratedStream.Bytes(firstLength, 1);
        var b = GeneratedStream.Bytes(secondLength, 2);
        byte[] both = [.. a, .. b];

        Assert.Equal(Crc32.Compute(both), CrcCombiner.Combine(Crc32.Compute(a), Crc32.Compute(b), b.Length, CrcCombiner.Crc32Polynomial, 32));
        Assert.Equal(Crc32C.Compute(both), CrcCombiner.Combine(Crc32C.Compute(a), Crc32C.Compute(b), b.Length, CrcCombiner.Crc32CPolynomial, 32));
        Assert.Equal(Crc64Nvme.Compute(both), CrcCombiner.Combine(Crc64Nvme.Compute(a), Crc64Nvme.Compute(b), b.Length, CrcCombiner.Crc64NvmePolynomial, 64));
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    public void FullObjectChecksum_OfThreeParts_IsTheChecksumOfTheWholeData(ChecksumAlgorithm algorithm)
    {
        var parts = new[] { GeneratedStream.Bytes(3000, 7), GeneratedStream.Bytes(1, 8), GeneratedStream.Bytes(777, 9) };
        var records = parts.Select((p, i) => new UploadPartRecord(i + 1, "blob", p.Length, "etag", Base64(algorithm, p), DateTimeOffset.UnixEpoch)).ToList();
        var upload = new UploadRecord("u", "b", "k", "o", DateTimeOffset.UnixEpoch, ObjectMetadata.Empty, algorithm, StoredChecksum.FullObject);

        var checksum = MultipartChecksums.Checksum(upload, records);

        Assert.Equal(Base64(algorithm, [.. parts.SelectMany(p => p)]), checksum!.Value);
        Assert.Equal(StoredChecksum.FullObject, checksum.Type);
    }

    private static string Base64(ChecksumAlgorithm algorithm, byte[] data)
    {
        using var checksum = PayloadChecksum.Create(algorithm);
        checksum.Append(data);
        return checksum.GetBase64();
    }

    [Fact]
    public void Composite_IsTheChecksumOfTheBinaryPartChecksums_DashN()
    {
        var parts = new[] { GeneratedStream.Bytes(100, 1), GeneratedStream.Bytes(50, 2) };
        var records = parts.Select((p, i) => new UploadPartRecord(i + 1, "blob", p.Length, "etag", Base64(ChecksumAlgorithm.Sha256, p), DateTimeOffset.UnixEpoch)).ToList();
        var upload = new UploadRecord("u", "b", "k", "o", DateTimeOffset.UnixEpoch, ObjectMetadata.Empty, ChecksumAlgorithm.Sha256, StoredChecksum.Composite);

        var checksum = MultipartChecksums.Checksum(upload, records);

        var expected = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(
            [.. System.Security.Cryptography.SHA256.HashData(parts[0]), .. System.Security.Cryptography.SHA256.HashData(parts[1])])) + "-2";
        Assert.Equal(expected, checksum!.Value);
    }
}
