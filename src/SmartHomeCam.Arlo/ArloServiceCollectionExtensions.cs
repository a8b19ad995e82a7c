using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras;

namespace SmartHomeCam.Arlo;

public static class ArloServiceCollectionExtensions
{
    /// <summary>The Arlo provider and its basestation (listener on only when <c>Arlo:Enabled</c>).</summary>
    public static IServiceCollection AddSmartHomeCamArlo(this IServiceCollection services, IConfiguration arloSection)
    {
        services.AddOptions<ArloOptions>().Bind(arloSection);
        services.AddHttpClient(ArloMotionWebhook.HttpClientName);
        services.AddSingleton<ArloCameraRegistry>();
        services.AddSingleton<ArloClaims>();
        services.AddSingleton<ArloCommandClient>();
        services.AddSingleton<ArloStreamJournal>();
        services.AddSingleton<ArloMotionWebhook>();
        services.AddSingleton<ArloCatalogRefresher>();
        services.AddSingleton<ArloInboundHandler>();
        services.AddSingleton<ArloBasestation>();
        services.AddSingleton<ArloCameraProvider>();
        services.AddSingleton<ICameraProvider>(sp => sp.GetRequiredService<ArloCameraProvider>());
        return services;
    }
}
