using System.IO.Pipelines;
using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Observability;

namespace EdgeCdn.Edge.Serving;

/// <summary>What to send a viewer: metadata and one of a stored body, a fill's growing buffer, or a pass pipe.</summary>
internal sealed class ServeSource
{
    public required ResponseMeta Meta { get; init; }

    public required CacheResult Result { get; init; }

    /// <summary>The stored entry served (for Age), if any.</summary>
    public CacheEntry? Entry { get; init; }

    /// <summary>A complete body: the entry's, or one the edge made.</summary>
    public CacheBody? Body { get; init; }

    /// <summary>A fill still streaming in.</summary>
    public FillBuffer? Buffer { get; init; }

    /// <summary>A pass-through body this viewer claimed.</summary>
    public PipeReader? Pipe { get; init; }

    public TimeSpan? UpstreamFirstByte { get; init; }

    /// <summary>Status to send instead of the stored one (custom error responses, SPA fallback).</summary>
    public int? StatusOverride { get; init; }

    /// <summary>False for custom error pages: sent whole whatever the viewer's conditionals and ranges.</summary>
    public bool ApplyConditionals { get; init; } = true;

    public long? KnownLength => Body?.Length ?? (Buffer is { IsCompleted: true } b ? b.Length : Meta.ContentLength);

    /// <summary>The same response with another body (a disk body opened for this response).</summary>
    public ServeSource WithBody(CacheBody body) => new()
    {
        Meta = Meta, Result = Result, Entry = Entry, Body = body, Buffer = Buffer, Pipe = Pipe, UpstreamFirstByte = UpstreamFirstByte,
        StatusOverride = StatusOverride, ApplyConditionals = ApplyConditionals,
    };

    public static ServeSource FromEntry(CacheEntry entry, CacheResult result) =>
        new() { Meta = entry.Meta, Entry = entry, Body = entry.Body, Result = result };
}
