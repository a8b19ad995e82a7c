using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartHomeCam.Cameras;
using SmartHomeCam.NestLegacy.Api;
using SmartHomeCam.NestLegacy.Auth;
using SmartHomeCam.NestLegacy.Transport;

namespace SmartHomeCam.NestLegacy;

public static class NestLegacyServiceCollectionExtensions
{
    /// <summary>The legacy Nest (nexustalk) provider, configured from the <c>NestLegacy</c> section.</summary>
    public static IServiceCollection AddSmartHomeCamNestLegacy(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<NestLegacyOptions>().Bind(section);
        if (!section.GetValue("Enabled", true))
        {
            return services;
        }

        services.AddHttpClient(NestAuthenticator.HttpClientName).AddNestHttpResilience();
        services.AddSingleton<NestAuthenticator>();
        services.AddSingleton<NestTokenCache>();
        services.TryAddSingleton<INestConnectionDirectory, NestConnectionDirectory>();
        services.AddSingleton<NestTokenRenewer>();
        services.AddHostedService(sp => sp.GetRequiredService<NestTokenRenewer>());
        services.AddSingleton<NestCameraApi>();
        services.AddSingleton<NexusTransportFactory>();
        services.AddSingleton<NestLegacyCameraProvider>();
        services.AddSingleton<ICameraProvider>(sp => sp.GetRequiredService<NestLegacyCameraProvider>());
        services.AddSingleton<NestLegacyDiscovery>();
        services.AddHostedService(sp => sp.GetRequiredService<NestLegacyDiscovery>());
        return services;
    }
}
