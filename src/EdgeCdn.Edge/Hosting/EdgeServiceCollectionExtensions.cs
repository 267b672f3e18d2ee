using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Configuration;
using EdgeCdn.Edge.Forwarding;
using EdgeCdn.Edge.Invalidation;
using EdgeCdn.Edge.Observability;
using EdgeCdn.Edge.Serving;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Edge.Hosting;

public static class EdgeServiceCollectionExtensions
{
    /// <summary>
    /// The edge's services, bound to configuration section "Edge" and validated at start (every error reported at
    /// once). A <see cref="TimeProvider"/> registered by the caller (a manual clock in tests) is used throughout.
    /// </summary>
    public static IServiceCollection AddEdgeCdn(this IServiceCollection services)
    {
        services.AddOptions<EdgeOptions>().BindConfiguration(EdgeOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EdgeOptions>, EdgeOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpForwarder();
        services.AddSingleton<Microsoft.AspNetCore.Connections.IMemoryPoolFactory<byte>>(sp =>
        {
            var buffers = sp.GetRequiredService<IOptions<EdgeOptions>>().Value.ConnectionBuffers;
            return new LargeBlockMemoryPoolFactory(buffers.BlockBytes, buffers.MaxRetainedBytes);
        });
        services.AddMetrics();

        services.AddSingleton(sp => EdgeModelBuilder.Build(sp.GetRequiredService<IOptions<EdgeOptions>>().Value));
        services.AddSingleton<ICacheStore>(sp => new TieredCacheStore(sp.GetRequiredService<EdgeModel>().Cache, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<InvalidationJournal>();
        services.AddHostedService<CachePersistenceService>();
        services.AddSingleton<EdgeMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EdgeOptions>>().Value.AccessLog);
        services.AddSingleton<AccessLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessLogWriter>());
        services.AddSingleton<OriginClients>();
        services.AddSingleton<OriginFetcher>();
        services.AddSingleton<FillCoordinator>();
        services.AddSingleton<FillRunner>();
        services.AddSingleton<ResponseWriter>();
        services.AddSingleton(sp => new InvalidationRegistry(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<InvalidationJournal>(),
            sp.GetRequiredService<ICacheStore>(), sp.GetRequiredService<ILogger<InvalidationRegistry>>()));
        services.AddSingleton<PassThroughForwarder>();
        services.AddSingleton<EdgeMiddleware>();
        services.AddSingleton<AdminEndpoints>();
        services.AddSingleton(sp => new EdgeRouteLookup(sp.GetRequiredService<EdgeModel>()));
        return services;
    }
}
