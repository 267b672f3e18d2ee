using EdgeCdn.Origin.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Website;

/// <summary>
/// The website endpoint's own listener (Origin:Website:Urls), separate from the S3 API: a second Kestrel server in the
/// same process that hands every request to <see cref="WebsiteRequestHandler"/>. Off when no URL is configured.
/// </summary>
internal sealed partial class WebsiteEndpoint : IHostedService, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly WebsiteOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private WebApplication? _app;

    public WebsiteEndpoint(IServiceProvider services, IOptions<OriginOptions> options, ILoggerFactory loggerFactory)
    {
        _services = services;
        _options = options.Value.Website;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<WebsiteEndpoint>();
    }

    /// <summary>Where the endpoint listens once started (empty when it is off).</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.Urls))
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);

        // The origin's own host reports start and stop; this inner one only says where it listens.
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.UseUrls(_options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        var app = builder.Build();
        var handler = _services.GetRequiredService<WebsiteRequestHandler>();
        app.Run(handler.InvokeAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        Addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Select(a => new Uri(a)).ToList();
        Log.Listening(_logger, string.Join(", ", Addresses), _options.BaseDomain);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Website endpoint listening on {Addresses} (buckets as <bucket>.{BaseDomain} or by full host name)")]
        public static partial void Listening(ILogger logger, string addresses, string baseDomain);
    }
}
