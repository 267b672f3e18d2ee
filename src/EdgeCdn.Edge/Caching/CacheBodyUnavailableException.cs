namespace EdgeCdn.Edge.Caching;

/// <summary>A stored body could not be opened (its file is gone or unreadable). Thrown before anything is written,
/// so the request can be served as a miss instead.</summary>
internal sealed class CacheBodyUnavailableException : IOException
{
    public CacheBodyUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
