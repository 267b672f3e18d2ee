using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Encryption;
using EdgeCdn.Origin.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Hosting;

/// <summary>
/// Runs before Kestrel accepts the first request: prepares the data directory (removing what an interrupted run left
/// in tmp/), migrates the metadata database, loads (or creates) the master key, settles the credentials; then sweeps
/// orphaned blob files in the background.
/// </summary>
internal sealed partial class OriginStartup : IHostedService, IDisposable
{
    private readonly ObjectStore _store;
    private readonly OriginCredentialStore _credentials;
    private readonly RootCredentialBootstrapper _root;
    private readonly MasterKeyStore _masterKey;
    private readonly OriginOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _sweep = Task.CompletedTask;

    public OriginStartup(
        ObjectStore store, OriginCredentialStore credentials, RootCredentialBootstrapper root, MasterKeyStore masterKey, IOptions<OriginOptions> options,
        ILogger<OriginStartup> logger)
    {
        _masterKey = masterKey;
        _store = store;
        _credentials = credentials;
        _root = root;
        _options = options.Value;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        _store.Initialize();
        _masterKey.Initialize();
        var account = _options.AccountId;
        var users = _options.Users.Select(u => (PrincipalOf(u, account), u.SecretKey)).ToList();
        if (_root.Resolve(_options) is { } root)
        {
            users.Insert(0, (new OriginPrincipal(PrincipalKind.Administrator, root.Name.Length > 0 ? root.Name : "root", root.AccessKey, account), root.SecretKey));
        }

        _credentials.Load(users);
        Log.Started(_logger, _options.DataDirectory, _options.Region, _options.BaseDomain, users.Count);
        _sweep = Task.Run(() =>
        {
            try
            {
                var removed = _store.SweepOrphanBlobs(started, _stopping.Token);
                if (removed > 0)
                {
                    Log.SweptOrphans(_logger, removed);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                Log.SweepFailed(_logger, e);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    private static OriginPrincipal PrincipalOf(OriginUserOptions user, string account) =>
        user.Kind == OriginUserOptions.ServiceKind
            ? new OriginPrincipal(PrincipalKind.Service, user.Name, user.AccessKey, account, user.Service,
                string.IsNullOrEmpty(user.SourceArn) ? OriginAccessControl.DistributionArn(account, user.DistributionId!) : user.SourceArn)
            : new OriginPrincipal(PrincipalKind.User, user.Name, user.AccessKey, account);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _sweep.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Origin ready: data in {DataDirectory}, region {Region}, virtual hosts *.{BaseDomain}, {Users} users")]
        public static partial void Started(ILogger logger, string dataDirectory, string region, string baseDomain, int users);

        [LoggerMessage(2, LogLevel.Information, "Removed {Count} orphaned blob files")]
        public static partial void SweptOrphans(ILogger logger, int count);

        [LoggerMessage(3, LogLevel.Error, "Sweeping orphaned blob files failed")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
