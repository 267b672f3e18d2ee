using System.Collections.Concurrent;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// At most one fill per cache key at a time: the first request for a key starts it, everyone else joins it.
/// </summary>
internal sealed class FillCoordinator
{
    private readonly ConcurrentDictionary<string, Fill> _inflight = new(StringComparer.Ordinal);
    private FillRunner? _runner;

    public int InFlight => _inflight.Count;

    /// <summary>Wired after construction (the runner needs the coordinator to unregister fills).</summary>
    public void Attach(FillRunner runner) => _runner = runner;

    /// <summary>The running fill for <paramref name="key"/>, or a new one from <paramref name="create"/> that this
    /// call starts (<paramref name="created"/> true).</summary>
    public Fill Join<TState>(string key, Func<TState, Fill> create, TState state, out bool created)
    {
        while (true)
        {
            if (_inflight.TryGetValue(key, out var running))
            {
                created = false;
                return running;
            }

            var fill = create(state);
            if (_inflight.TryAdd(key, fill))
            {
                created = true;
                fill.Completion = _runner!.RunAsync(fill);
                return fill;
            }
        }
    }

    /// <summary>Starts a fill nobody else may join (uncacheable requests, pass-through).</summary>
    public Fill StartPrivate(Fill fill)
    {
        fill.Completion = _runner!.RunAsync(fill);
        return fill;
    }

    public void Finished(Fill fill)
    {
        if (fill.Key is { } key)
        {
            _inflight.TryRemove(new KeyValuePair<string, Fill>(key, fill));
        }
    }
}
