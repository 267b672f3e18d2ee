using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Storage;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Encryption;

/// <summary>Encrypts blobs as they are written and opens decrypting readers over them, with the master key (SSE-S3)
/// or the request's customer key (SSE-C).</summary>
internal sealed class BlobEncryption
{
    private static readonly byte[] NoFingerprint = new byte[8];
    private readonly MasterKeyStore _keys;
    private readonly int _chunkSize;

    public BlobEncryption(MasterKeyStore keys, IOptions<OriginOptions> options)
    {
        _keys = keys;
        _chunkSize = options.Value.Encryption.ChunkBytes;
    }

    /// <summary>The stream a blob's plaintext goes to: encrypting as <paramref name="encryption"/> says (null: plaintext).</summary>
    public EncryptedWrite Wrap(Stream blob, ObjectEncryption? encryption, CustomerKey? customerKey)
    {
        if (encryption is null)
        {
            return new EncryptedWrite(blob, null);
        }

        byte[] header, dataKey;
        if (encryption.IsCustomerKey)
        {
            var key = customerKey ?? throw new InvalidOperationException("SSE-C writes need the customer key.");
            header = BlobFormat.NewHeader(BlobFormat.CustomerKeySource, _chunkSize, NoFingerprint, key.Key, out dataKey);
        }
        else
        {
            header = BlobFormat.NewHeader(BlobFormat.MasterKeySource, _chunkSize, _keys.Fingerprint, _keys.Key, out dataKey);
        }

        return new EncryptedWrite(blob, new EncryptingStream(blob, header, dataKey, _chunkSize));
    }

    /// <summary>Readers over an object's blobs; <paramref name="customerKey"/> must be given for SSE-C objects.
    /// Small blobs that need no customer key are served from, and on first read put into, the blob store's
    /// <see cref="HotBlobCache"/>.</summary>
    public BlobOpener Opener(BlobStore blobs, ObjectEncryption? encryption, CustomerKey? customerKey)
    {
        var open = FileOpener(blobs, encryption, customerKey);
        if (encryption is { IsCustomerKey: true })
        {
            return open;
        }

        var hot = blobs.Hot;
        return (blobId, size) =>
        {
            if (hot.Get(blobId) is { } cached)
            {
                return new MemoryBlobReader(cached);
            }

            var reader = open(blobId, size);
            if (!hot.Accepts(size))
            {
                return reader;
            }

            using (reader)
            {
                var plaintext = new byte[size];
                var read = 0;
                while (read < plaintext.Length)
                {
                    var n = reader.Read(read, plaintext.AsSpan(read));
                    if (n == 0)
                    {
                        throw new IOException($"Blob {blobId} is shorter than its metadata says.");
                    }

                    read += n;
                }

                hot.Add(blobId, plaintext);
                return new MemoryBlobReader(plaintext);
            }
        };
    }

    private BlobOpener FileOpener(BlobStore blobs, ObjectEncryption? encryption, CustomerKey? customerKey) => (blobId, size) =>
    {
        var handle = blobs.OpenRead(blobId);
        if (encryption is null)
        {
            return new PlainBlobReader(handle);
        }

        try
        {
            var header = new byte[BlobFormat.HeaderSize];
            if (RandomAccess.Read(handle, header, 0) != BlobFormat.HeaderSize)
            {
                throw new InvalidDataException("An encrypted blob is shorter than its header.");
            }

            byte[]? dataKey;
            int chunkSize;
            if (encryption.IsCustomerKey)
            {
                var key = customerKey ?? throw new InvalidOperationException("SSE-C reads need the customer key.");
                dataKey = BlobFormat.Unwrap(header, BlobFormat.CustomerKeySource, NoFingerprint, key.Key, out chunkSize)
                    ?? throw new S3Exception(S3ErrorCatalog.AccessDenied, "The provided SSE-C key does not decrypt this object.");
            }
            else
            {
                dataKey = BlobFormat.Unwrap(header, BlobFormat.MasterKeySource, _keys.Fingerprint, _keys.Key, out chunkSize)
                    ?? throw new InvalidDataException("A blob was encrypted under a different master key than the one configured.");
            }

            return new DecryptingBlobReader(handle, header, dataKey, chunkSize, size);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    };
}
