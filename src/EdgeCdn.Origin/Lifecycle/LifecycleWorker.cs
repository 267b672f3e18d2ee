using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Restore;
using EdgeCdn.Origin.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Lifecycle;

/// <summary>
/// Applies every bucket's enabled lifecycle rules, one pass every Origin:Lifecycle:Interval on the injected clock:
/// expirations (a delete marker in versioned buckets), transitions, noncurrent-version expirations and transitions,
/// expired delete markers, and aborts of stale multipart uploads; it also forgets restored copies whose time is up.
/// Every change is conditional on the version still being what the pass saw, so writes that race a pass win.
/// </summary>
internal sealed partial class LifecycleWorker : BackgroundService
{
    private const int KeyBatch = 500;
    private readonly ObjectStore _store;
    private readonly TimeProvider _time;
    private readonly LifecycleOptions _options;
    private readonly ILogger _logger;
    private readonly OriginMetrics _metrics;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public LifecycleWorker(ObjectStore store, TimeProvider time, IOptions<OriginOptions> options, OriginMetrics metrics, ILogger<LifecycleWorker> logger)
    {
        _store = store;
        _metrics = metrics;
        _time = time;
        _options = options.Value.Lifecycle;
        _logger = logger;
    }

    /// <summary>One pass over every bucket, at the clock's current time.</summary>
    public async Task<LifecycleRunResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var total = new LifecycleRunResult(0, 0, 0, 0);
            foreach (var bucket in _store.AllBuckets())
            {
                var configuration = ParsedSettings.Get(bucket.Settings, BucketSettings.Lifecycle, LifecycleConfiguration.FromStored);
                var rules = configuration?.Rules.Where(r => r.Enabled).ToList();
                if (rules is null || rules.Count == 0)
                {
                    continue;
                }

                var result = await ApplyAsync(bucket, rules, now, cancellationToken).ConfigureAwait(false);
                if (result.DidAnything)
                {
                    Log.Applied(_logger, bucket.Name, result.Expired, result.Transitioned, result.VersionsRemoved, result.UploadsAborted);
                }

                total = new LifecycleRunResult(total.Expired + result.Expired, total.Transitioned + result.Transitioned,
                    total.VersionsRemoved + result.VersionsRemoved, total.UploadsAborted + result.UploadsAborted);
            }

            await _store.ClearExpiredRestoresAsync(now, cancellationToken).ConfigureAwait(false);
            _metrics.Lifecycle("expire", total.Expired);
            _metrics.Lifecycle("transition", total.Transitioned);
            _metrics.Lifecycle("remove_version", total.VersionsRemoved);
            _metrics.Lifecycle("abort_upload", total.UploadsAborted);
            return total;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.Failed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<LifecycleRunResult> ApplyAsync(BucketRecord bucket, List<LifecycleRule> rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        int expired = 0, transitioned = 0, removed = 0, aborted = 0;
        string? after = null;
        while (true)
        {
            var keys = _store.ListKeys(bucket.Name, after, KeyBatch);
            foreach (var key in keys)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var versions = _store.VersionsOf(bucket.Name, key);
                var latest = versions.FirstOrDefault(v => v.IsLatest);
                if (latest is { IsDeleteMarker: true })
                {
                    if (LifecycleEvaluator.RemoveExpiredDeleteMarker(rules, latest, versions.Count == 1) &&
                        await _store.RemoveVersionAsync(bucket.Name, key, latest.RowId, cancellationToken).ConfigureAwait(false))
                    {
                        removed++;
                    }
                }
                else if (latest is not null)
                {
                    var (expire, transitionTo) = LifecycleEvaluator.Current(rules, latest, now);
                    if (expire && await _store.ExpireLatestAsync(bucket.Name, key, latest.RowId, now, cancellationToken).ConfigureAwait(false))
                    {
                        expired++;
                    }
                    else if (transitionTo is not null &&
                             await _store.TransitionAsync(latest.RowId, latest.Metadata.StorageClass, transitionTo, StorageClasses.IsArchive(transitionTo), cancellationToken).ConfigureAwait(false))
                    {
                        transitioned++;
                    }
                }

                var newer = 0;
                foreach (var version in versions.Where(v => !v.IsLatest))
                {
                    var (expire, transitionTo) = LifecycleEvaluator.Noncurrent(rules, version, newer, now);
                    newer++;
                    if (expire && await _store.RemoveVersionAsync(bucket.Name, key, version.RowId, cancellationToken).ConfigureAwait(false))
                    {
                        removed++;
                    }
                    else if (transitionTo is not null &&
                             await _store.TransitionAsync(version.RowId, version.Metadata.StorageClass, transitionTo, StorageClasses.IsArchive(transitionTo), cancellationToken).ConfigureAwait(false))
                    {
                        transitioned++;
                    }
                }
            }

            if (keys.Count < KeyBatch)
            {
                break;
            }

            after = keys[^1];
        }

        foreach (var upload in _store.UploadsOf(bucket.Name))
        {
            if (LifecycleEvaluator.AbortUpload(rules, upload, now))
            {
                try
                {
                    await _store.AbortUploadAsync(bucket.Name, upload.Key, upload.UploadId, cancellationToken).ConfigureAwait(false);
                    aborted++;
                }
                catch (Errors.S3Exception)
                {
                    // Completed or aborted by a client meanwhile.
                }
            }
        }

        return new LifecycleRunResult(expired, transitioned, removed, aborted);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Lifecycle in {Bucket}: {Expired} expired, {Transitioned} transitioned, {Removed} versions removed, {Aborted} uploads aborted")]
        public static partial void Applied(ILogger logger, string bucket, int expired, int transitioned, int removed, int aborted);

        [LoggerMessage(2, LogLevel.Error, "A lifecycle pass failed")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
