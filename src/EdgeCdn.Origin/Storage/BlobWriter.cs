namespace EdgeCdn.Origin.Storage;

/// <summary>
/// A blob being written: a temporary file until <see cref="Publish"/> fsyncs it and renames it into the blob tree.
/// Disposing an unpublished writer deletes the temporary file, so a failed or interrupted upload leaves nothing.
/// </summary>
internal sealed class BlobWriter : IDisposable
{
    private readonly BlobStore _store;
    private readonly string _tempPath;
    private readonly bool _fsync;
    private readonly FileStream _file;
    private bool _published;

    public BlobWriter(BlobStore store, string tempPath, bool fsync)
    {
        _store = store;
        _tempPath = tempPath;
        _fsync = fsync;
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        _file = new FileStream(tempPath, options);
    }

    /// <summary>The temporary file, for writing the data (unbuffered: each write is one system call).</summary>
    public Stream Stream => _file;

    /// <summary>fsync, close, rename into place; returns the new blob id.</summary>
    public string Publish()
    {
        if (_fsync)
        {
            _file.Flush(flushToDisk: true);
        }

        _file.Dispose();
        var id = _store.Publish(_tempPath);
        _published = true;
        return id;
    }

    public void Dispose()
    {
        _file.Dispose();
        if (!_published)
        {
            try
            {
                File.Delete(_tempPath);
            }
            catch (IOException)
            {
                // Start-up removes whatever is left in tmp/.
            }
        }
    }
}
