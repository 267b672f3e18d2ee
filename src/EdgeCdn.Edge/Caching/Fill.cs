using System.IO.Pipelines;
using EdgeCdn.Edge.Configuration;
using EdgeCdn.Edge.Forwarding;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// One origin fetch for one cache key, shared by every request for that key while it runs (request coalescing,
/// as ASP.NET Core OutputCaching's WorkDispatcher and Varnish's busy objects). Detached from any viewer: a viewer
/// that goes away does not cancel it, later viewers still get it.
/// </summary>
internal sealed class Fill
{
    private const int Unclaimed = 0;
    private const int Claimed = 1;
    private const int Released = 2;

    private readonly TaskCompletionSource<FillHead> _head = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Pipe? _pass;
    private int _passState;

    public Fill(string? key, Distribution distribution, OriginRequest request, CacheEntry? previous, int epoch, bool background)
    {
        Key = key;
        Distribution = distribution;
        Request = request;
        Previous = previous;
        Epoch = epoch;
        Background = background;
    }

    /// <summary>Null for a private (uncoalesced) fill of an uncacheable request.</summary>
    public string? Key { get; }

    public Distribution Distribution { get; }

    public OriginRequest Request { get; }

    /// <summary>The expired entry being revalidated (and served stale if the origin fails), if any.</summary>
    public CacheEntry? Previous { get; }

    /// <summary>The distribution's invalidation epoch when the fill started.</summary>
    public int Epoch { get; }

    /// <summary>Nobody waits for this fill (stale-while-revalidate refresh): a pass body is discarded.</summary>
    public bool Background { get; }

    public Task<FillHead> Head => _head.Task;

    /// <summary>Completes when the fill has finished (stored or not); never faults.</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    public bool TrySetHead(FillHead head) => _head.TrySetResult(head);

    /// <summary>Sets up the pipe of a pass response; returns its writer.</summary>
    public PipeWriter StartPass()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false));
        Volatile.Write(ref _pass, pipe);
        if (Background || Volatile.Read(ref _passState) == Released)
        {
            pipe.Reader.Complete();
        }

        return pipe.Writer;
    }

    /// <summary>The one viewer that may read a pass body; everyone else fetches for themselves.</summary>
    public bool TryClaimPass(out PipeReader? reader)
    {
        reader = null;
        if (Interlocked.CompareExchange(ref _passState, Claimed, Unclaimed) != Unclaimed)
        {
            return false;
        }

        reader = Volatile.Read(ref _pass)?.Reader;
        return reader is not null;
    }

    /// <summary>Called by the fill's creator when it is done: an unclaimed pass body is discarded (which stops the
    /// origin transfer) so that it never waits for a reader.</summary>
    public void ReleasePass()
    {
        if (Interlocked.CompareExchange(ref _passState, Released, Unclaimed) == Unclaimed)
        {
            Volatile.Read(ref _pass)?.Reader.Complete();
        }
    }
}
