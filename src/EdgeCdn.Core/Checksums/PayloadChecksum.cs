using System.Security.Cryptography;

namespace EdgeCdn.Core.Checksums;

/// <summary>An incremental checksum of one of S3's algorithms, rendered as S3 renders it (base64 of the big-endian value).</summary>
public abstract class PayloadChecksum : IDisposable
{
    public abstract ChecksumAlgorithm Algorithm { get; }

    /// <summary>The header that carries this checksum: x-amz-checksum-crc32, ...</summary>
    public string HeaderName => HeaderNameOf(Algorithm);

    public static PayloadChecksum Create(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => new CrcChecksum(algorithm),
        ChecksumAlgorithm.Crc32C => new CrcChecksum(algorithm),
        ChecksumAlgorithm.Crc64Nvme => new CrcChecksum(algorithm),
        ChecksumAlgorithm.Sha1 => new HashChecksum(algorithm, HashAlgorithmName.SHA1),
        ChecksumAlgorithm.Sha256 => new HashChecksum(algorithm, HashAlgorithmName.SHA256),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public static string HeaderNameOf(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "x-amz-checksum-crc32",
        ChecksumAlgorithm.Crc32C => "x-amz-checksum-crc32c",
        ChecksumAlgorithm.Crc64Nvme => "x-amz-checksum-crc64nvme",
        ChecksumAlgorithm.Sha1 => "x-amz-checksum-sha1",
        ChecksumAlgorithm.Sha256 => "x-amz-checksum-sha256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Parses a header name (x-amz-checksum-crc32) or an algorithm name (CRC32, crc32c, SHA256...).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out ChecksumAlgorithm algorithm)
    {
        name = name.Trim();
        if (name.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase))
        {
            name = name["x-amz-checksum-".Length..];
        }

        Span<char> lower = stackalloc char[16];
        if (name.Length > lower.Length)
        {
            algorithm = default;
            return false;
        }

        var n = name.ToLowerInvariant(lower);
        switch (lower[..n])
        {
            case "crc32": algorithm = ChecksumAlgorithm.Crc32; return true;
            case "crc32c": algorithm = ChecksumAlgorithm.Crc32C; return true;
            case "crc64nvme": algorithm = ChecksumAlgorithm.Crc64Nvme; return true;
            case "sha1": algorithm = ChecksumAlgorithm.Sha1; return true;
            case "sha256": algorithm = ChecksumAlgorithm.Sha256; return true;
            default: algorithm = default; return false;
        }
    }

    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>The checksum so far as base64 (what the x-amz-checksum-* headers carry).</summary>
    public abstract string GetBase64();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    private sealed class CrcChecksum(ChecksumAlgorithm algorithm) : PayloadChecksum
    {
        private ulong _state = algorithm == ChecksumAlgorithm.Crc64Nvme ? Crc64Nvme.Initial : Crc32.Initial;

        public override ChecksumAlgorithm Algorithm => algorithm;

        public override void Append(ReadOnlySpan<byte> data) => _state = algorithm switch
        {
            ChecksumAlgorithm.Crc32 => Crc32.Update((uint)_state, data),
            ChecksumAlgorithm.Crc32C => Crc32C.Update((uint)_state, data),
            _ => Crc64Nvme.Update(_state, data),
        };

        public override string GetBase64()
        {
            Span<byte> bytes = stackalloc byte[8];
            if (algorithm == ChecksumAlgorithm.Crc64Nvme)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, Crc64Nvme.Final(_state));
                return Convert.ToBase64String(bytes);
            }

            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, Crc32.Final((uint)_state));
            return Convert.ToBase64String(bytes[..4]);
        }
    }

    private sealed class HashChecksum(ChecksumAlgorithm algorithm, HashAlgorithmName hash) : PayloadChecksum
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(hash);

        public override ChecksumAlgorithm Algorithm => algorithm;

        public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

        public override string GetBase64() => Convert.ToBase64String(_hash.GetCurrentHash());

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
