namespace EdgeCdn.Origin.Storage;

/// <summary>Keeps blobs on disk while a reader streams them; dispose when done.</summary>
internal sealed class BlobLease : IDisposable
{
    private BlobStore? _store;
    private readonly IReadOnlyList<string> _blobIds;

    public BlobLease(BlobStore store, IReadOnlyList<string> blobIds)
    {
        _store = store;
        _blobIds = blobIds;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _store, null)?.Release(_blobIds);
    }
}
