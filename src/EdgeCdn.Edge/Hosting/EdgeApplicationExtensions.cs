using EdgeCdn.Edge.Caching;
using EdgeCdn.Edge.Observability;
using EdgeCdn.Edge.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeCdn.Edge.Hosting;

public static class EdgeApplicationExtensions
{
    /// <summary>
    /// Maps the admin API under /_edgecdn and makes the edge the terminal handler. Anything that must run first
    /// (ACME http-01 answers, viewer protocol policy) is added before this call.
    /// </summary>
    public static WebApplication UseEdgeCdn(this WebApplication app)
    {
        var services = app.Services;
        var runner = services.GetRequiredService<FillRunner>();
        services.GetRequiredService<PrometheusExporter>();
        services.GetRequiredService<EdgeMetrics>();
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(runner.Stop);

        var admin = services.GetRequiredService<AdminEndpoints>();
        app.Map(AdminEndpoints.Prefix, branch => branch.Run(admin.HandleAsync));
        var edge = services.GetRequiredService<EdgeMiddleware>();
        app.Run(edge.InvokeAsync);
        return app;
    }
}
