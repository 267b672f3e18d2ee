using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Configuration;
using EdgeCdn.Edge.Invalidation;
using Microsoft.Extensions.Hosting;

namespace EdgeCdn.Edge.Hosting;

/// <summary>
/// Brings the disk tier back before the node listens: the invalidation journal restores epochs and recent
/// invalidations, the disk index is rebuilt from the files (torn, corrupt and untrusted ones discarded), then the
/// write-behind writer starts. On stop, what is queued is written within the host's shutdown time.
/// </summary>
internal sealed class CachePersistenceService : IHostedService
{
    private const int RetainedPerDistribution = 4096;

    private readonly ICacheStore _store;
    private readonly EdgeModel _model;
    private readonly InvalidationJournal _journal;
    private readonly InvalidationRegistry _invalidations;

    public CachePersistenceService(ICacheStore store, EdgeModel model, InvalidationJournal journal, InvalidationRegistry invalidations)
    {
        _store = store;
        _model = model;
        _journal = journal;
        _invalidations = invalidations;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_store.Disk is not { } disk)
        {
            return Task.CompletedTask;
        }

        var journaled = _journal.TryLoad(out var entries);
        foreach (var distribution in _model.Distributions)
        {
            _invalidations.Restore(distribution, entries.Where(e => e.Distribution == distribution.Id));
        }

        // Rewritten with what is kept (and created on a first start, so that a missing journal later means loss).
        _journal.Rewrite(_model.Distributions.SelectMany(d => _invalidations.Retained(d).TakeLast(RetainedPerDistribution)).Select(r => new JournalEntry
        {
            Distribution = r.DistributionId, Epoch = r.Epoch, Id = r.Id, Time = r.CreateTime, CallerReference = r.CallerReference, Paths = [.. r.Paths],
        }));
        disk.Load(_model.FindDistribution, dropAll: !journaled);
        disk.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _store.Disk?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
