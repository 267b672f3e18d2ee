using System.Collections.Concurrent;

namespace EdgeCdn.Origin.Storage;

/// <summary>
/// The plaintext of small blobs that were read recently, so that a popular small object is served from memory
/// without opening, reading and decrypting its file on every GET (what the page cache and nginx's open_file_cache do
/// for a static file server). Blobs never change once published, so an entry is never stale; the blob store drops an
/// entry when it deletes the blob. Only data that needs no request-supplied key is kept (plaintext and SSE-S3, never
/// SSE-C). Bounded in bytes: when full, arbitrary entries go until it is three quarters full.
/// </summary>
internal sealed class HotBlobCache
{
    private readonly ConcurrentDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private readonly Lock _trimGate = new();
    private readonly long _capacityBytes;
    private readonly long _maxBlobBytes;
    private long _bytes;

    public HotBlobCache(long capacityBytes, long maxBlobBytes)
    {
        _capacityBytes = Math.Max(0, capacityBytes);
        _maxBlobBytes = Math.Min(Math.Max(0, maxBlobBytes), _capacityBytes);
    }

    public static HotBlobCache Disabled { get; } = new(0, 0);

    /// <summary>Bytes held now.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    public int Count => _entries.Count;

    /// <summary>Whether a blob of <paramref name="size"/> plaintext bytes may be kept.</summary>
    public bool Accepts(long size) => size <= _maxBlobBytes && _capacityBytes > 0;

    public byte[]? Get(string blobId) => _entries.TryGetValue(blobId, out var data) ? data : null;

    public void Add(string blobId, byte[] plaintext)
    {
        if (!Accepts(plaintext.Length) || !_entries.TryAdd(blobId, plaintext))
        {
            return;
        }

        if (Interlocked.Add(ref _bytes, plaintext.Length) > _capacityBytes)
        {
            Trim();
        }
    }

    public void Remove(string blobId)
    {
        if (_entries.TryRemove(blobId, out var data))
        {
            Interlocked.Add(ref _bytes, -data.Length);
        }
    }

    private void Trim()
    {
        lock (_trimGate)
        {
            var target = _capacityBytes / 4 * 3;
            foreach (var id in _entries.Keys)
            {
                if (Bytes <= target)
                {
                    break;
                }

                Remove(id);
            }
        }
    }
}
