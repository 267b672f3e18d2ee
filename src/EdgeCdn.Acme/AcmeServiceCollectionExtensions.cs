using EdgeCdn.Acme.Challenges;
using EdgeCdn.Acme.Protocol;
using EdgeCdn.Acme.Renewal;
using EdgeCdn.Acme.Storage;
using EdgeCdn.Acme.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Acme;

public static class AcmeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ACME client, certificate store, selector, renewal service and status source, with <see cref="AcmeOptions"/>
    /// bound from <paramref name="sectionName"/> and validated at start. A custom <see cref="ICertificateStore"/> or
    /// <see cref="TimeProvider"/> registered before this call is kept.
    /// </summary>
    public static IServiceCollection AddEdgeCdnAcme(this IServiceCollection services, string sectionName = AcmeOptions.SectionName)
    {
        services.AddOptions<AcmeOptions>().BindConfiguration(sectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AcmeOptions>, AcmeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<AcmeMetrics>();

        services.TryAddSingleton<ICertificateStore, FileCertificateStore>();
        services.TryAddSingleton<AccountStore>();
        services.TryAddSingleton<AcmeTransport>();
        services.TryAddSingleton<AcmeClient>();
        services.TryAddSingleton<AcmeCertificateIssuer>();
        services.TryAddSingleton<ChallengeResponseStore>();
        services.TryAddSingleton<CertificateSelector>();
        services.TryAddSingleton<CertificateRegistry>();
        services.TryAddSingleton(sp => new CertificateStatusSource(
            sp.GetRequiredService<CertificateRegistry>(), sp.GetRequiredService<CertificateSelector>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<CertificateRenewalService>();
        services.AddHostedService(sp => sp.GetRequiredService<CertificateRenewalService>());
        return services;
    }
}
