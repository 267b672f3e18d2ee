using System.Buffers.Binary;
using System.Security.Cryptography;
using EdgeCdn.Core.Checksums;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Multipart;

/// <summary>
/// The ETag and checksum of a completed multipart object. ETag: MD5 of the concatenated binary part MD5s, then
/// "-N". Checksum: COMPOSITE is the algorithm over the concatenated binary part checksums, then "-N"; FULL_OBJECT
/// (CRCs only) is the CRC of the whole data, combined from the part CRCs.
/// </summary>
internal static class MultipartChecksums
{
    public static string ETag(IReadOnlyList<UploadPartRecord> parts)
    {
        var concatenated = new byte[parts.Count * 16];
        for (var i = 0; i < parts.Count; i++)
        {
            Convert.FromHexString(parts[i].ETag).CopyTo(concatenated, i * 16);
        }

        return Convert.ToHexStringLower(MD5.HashData(concatenated)) + "-" + parts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static StoredChecksum? Checksum(UploadRecord upload, IReadOnlyList<UploadPartRecord> parts)
    {
        if (upload.ChecksumAlgorithm is not { } algorithm || parts.Any(p => p.Checksum is null))
        {
            return null;
        }

        if (upload.ChecksumType == StoredChecksum.FullObject)
        {
            return new StoredChecksum(algorithm, CombineCrcs(algorithm, parts), StoredChecksum.FullObject);
        }

        using var composite = PayloadChecksum.Create(algorithm);
        foreach (var part in parts)
        {
            composite.Append(Convert.FromBase64String(part.Checksum!));
        }

        return new StoredChecksum(algorithm, composite.GetBase64() + "-" + parts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), StoredChecksum.Composite);
    }

    /// <summary>FULL_OBJECT is possible for the CRCs only; S3 says so with InvalidRequest.</summary>
    public static void CheckType(ChecksumAlgorithm? algorithm, string? type)
    {
        if (type is null)
        {
            return;
        }

        if (type is not (StoredChecksum.FullObject or StoredChecksum.Composite))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest, $"Value for x-amz-checksum-type header is invalid: {type}");
        }

        if (algorithm is null)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest, "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
        }

        if ((type == StoredChecksum.FullObject && algorithm is ChecksumAlgorithm.Sha1 or ChecksumAlgorithm.Sha256) ||
            (type == StoredChecksum.Composite && algorithm == ChecksumAlgorithm.Crc64Nvme))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest, $"The {type} checksum type cannot be used with the {ObjectStore.AlgorithmName(algorithm.Value)} checksum algorithm.");
        }
    }

    /// <summary>S3's default type: FULL_OBJECT for CRC64NVME, COMPOSITE otherwise.</summary>
    public static string DefaultType(ChecksumAlgorithm algorithm) =>
        algorithm == ChecksumAlgorithm.Crc64Nvme ? StoredChecksum.FullObject : StoredChecksum.Composite;

    private static string CombineCrcs(ChecksumAlgorithm algorithm, IReadOnlyList<UploadPartRecord> parts)
    {
        var (polynomial, width) = algorithm switch
        {
            ChecksumAlgorithm.Crc32 => (CrcCombiner.Crc32Polynomial, 32),
            ChecksumAlgorithm.Crc32C => (CrcCombiner.Crc32CPolynomial, 32),
            _ => (CrcCombiner.Crc64NvmePolynomial, 64),
        };
        ulong crc = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var bytes = Convert.FromBase64String(parts[i].Checksum!);
            var value = width == 32 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt64BigEndian(bytes);
            crc = i == 0 ? value : CrcCombiner.Combine(crc, value, parts[i].Size, polynomial, width);
        }

        var result = new byte[width / 8];
        if (width == 32)
        {
            BinaryPrimitives.WriteUInt32BigEndian(result, (uint)crc);
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(result, crc);
        }

        return Convert.ToBase64String(result);
    }
}
